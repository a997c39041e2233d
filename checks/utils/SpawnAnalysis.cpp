//===-- SpawnAnalysis.cpp - where tasks are started and how long they live ===//

#include "SpawnAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::taskbound::analysis {

// --- Tables ----------------------------------------------------------------

llvm::ArrayRef<SpawnSite> builtinSpawnSites() {
  using K = SpawnKind;
  static const SpawnSite Sites[] = {
      // Thread creators.
      {"::std::thread", "std::thread", K::Thread},
      {"::std::jthread", "std::jthread", K::Thread},
      {"::boost::thread", "boost::thread", K::Thread},
      {"::pthread_create", "pthread_create", K::Thread},
      {"::std::async", "std::async", K::Thread},
      {"::boost::async", "boost::async", K::Thread},
      {"::boost::thread_group::create_thread",
       "boost::thread_group::create_thread", K::Thread},
      // Submission onto executors with unbounded queues.
      {"::asio::post", "asio::post", K::Task},
      {"::asio::dispatch", "asio::dispatch", K::Task},
      {"::asio::defer", "asio::defer", K::Task},
      {"::boost::asio::post", "boost::asio::post", K::Task},
      {"::boost::asio::dispatch", "boost::asio::dispatch", K::Task},
      {"::boost::asio::defer", "boost::asio::defer", K::Task},
      {"::tbb::task_group::run", "tbb::task_group::run", K::Task},
      {"::tbb::detail::d1::task_group::run", "tbb::task_group::run", K::Task},
      {"::tbb::detail::d1::isolated_task_group::run",
       "tbb::isolated_task_group::run", K::Task},
      {"::tbb::task_arena::enqueue", "tbb::task_arena::enqueue", K::Task},
      {"::tbb::detail::d1::task_arena::enqueue", "tbb::task_arena::enqueue",
       K::Task},
      {"::QtConcurrent::run", "QtConcurrent::run", K::Task},
      {"::QThreadPool::start", "QThreadPool::start", K::Task},
      {"::folly::via", "folly::via", K::Task},
      {"::stdexec::start_detached", "stdexec::start_detached", K::Task},
      {"::exec::async_scope::spawn", "exec::async_scope::spawn", K::Task},
      {"::exec::async_scope::spawn_future", "exec::async_scope::spawn_future",
       K::Task},
      // New coroutines.
      {"::asio::co_spawn", "asio::co_spawn", K::Coroutine},
      {"::boost::asio::co_spawn", "boost::asio::co_spawn", K::Coroutine},
      {"::asio::spawn", "asio::spawn", K::Coroutine},
      {"::boost::asio::spawn", "boost::asio::spawn", K::Coroutine},
  };
  return Sites;
}

llvm::ArrayRef<llvm::StringRef> builtinThreadClasses() {
  static const llvm::StringRef Names[] = {"::std::thread", "::std::jthread",
                                          "::boost::thread"};
  return Names;
}

llvm::ArrayRef<llvm::StringRef> builtinConcurrencyLimitFunctions() {
  static const llvm::StringRef Names[] = {
      "::std::thread::hardware_concurrency",
      "::std::jthread::hardware_concurrency",
      "::boost::thread::hardware_concurrency",
      "::boost::thread::physical_concurrency",
      "::get_nprocs",
      "::get_nprocs_conf",
      "::sysconf",
      "::omp_get_max_threads",
      "::omp_get_num_procs",
      "::tbb::this_task_arena::max_concurrency",
      "::tbb::detail::d1::max_concurrency",
      "::tbb::info::default_concurrency",
      "::tbb::detail::d1::default_concurrency",
  };
  return Names;
}

llvm::ArrayRef<llvm::StringRef> builtinLimiterFunctions() {
  static const llvm::StringRef Names[] = {
      "::std::counting_semaphore::acquire",
      "::std::counting_semaphore::try_acquire",
      "::std::counting_semaphore::try_acquire_for",
      "::std::counting_semaphore::try_acquire_until",
      "::std::condition_variable::wait",
      "::std::condition_variable::wait_for",
      "::std::condition_variable::wait_until",
      "::std::condition_variable_any::wait",
      "::std::condition_variable_any::wait_for",
      "::std::condition_variable_any::wait_until",
      "::boost::interprocess::interprocess_semaphore::wait",
      "::boost::fibers::buffered_channel::push",
      "::taskbound::bounded_queue::push",
      "::taskbound::task_scope::spawn",
  };
  return Names;
}

llvm::ArrayRef<llvm::StringRef> perElementAlgorithms() {
  static const llvm::StringRef Names[] = {
      "::std::for_each",
      "::std::for_each_n",
      "::std::transform",
      "::std::generate",
      "::std::generate_n",
      "::std::ranges::for_each",
      "::std::ranges::for_each_n",
      "::std::ranges::transform",
      "::std::ranges::generate",
      "::std::ranges::generate_n",
      "::std::transform_reduce",
      "::std::transform_exclusive_scan",
      "::std::transform_inclusive_scan",
  };
  return Names;
}

std::string qualify(llvm::StringRef Name) {
  Name = Name.trim();
  return Name.starts_with("::") ? Name.str() : ("::" + Name).str();
}

/// "::ns::Class::member" for \p D, with template arguments and inline or
/// anonymous namespaces left out (the form hasAnyName() accepts).
std::string qualifiedName(const NamedDecl *D) {
  if (!D)
    return {};
  llvm::SmallVector<llvm::StringRef, 6> Parts;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
    D = Ctor->getParent();
  if (!D->getIdentifier())
    return {};
  Parts.push_back(D->getName());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (!RD->getIdentifier())
        return {};
      Parts.push_back(RD->getName());
    } else if (isa<FunctionDecl>(DC)) {
      return {}; // a local entity: never a library name
    }
  }
  std::string Result;
  for (llvm::StringRef Part : llvm::reverse(Parts))
    Result += ("::" + Part).str();
  return Result;
}

bool hasQualifiedName(const NamedDecl *D,
                      llvm::ArrayRef<llvm::StringRef> Names) {
  const std::string Name = qualifiedName(D);
  return !Name.empty() && llvm::is_contained(Names, Name);
}

namespace {

bool nameIn(const NamedDecl *D, llvm::ArrayRef<llvm::StringRef> Names) {
  return hasQualifiedName(D, Names);
}

} // namespace

const NamedDecl *calleeOf(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Op->getArg(0)->IgnoreParenImpCasts()))
        if (isa<VarDecl>(Ref->getDecl()))
          return Ref->getDecl();
  }
  return Call->getDirectCallee();
}

namespace {

/// The method name of a member call, "" for anything else.
llvm::StringRef methodName(const Stmt *S) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S))
    if (const auto *MD = Call->getMethodDecl())
      if (MD->getIdentifier())
        return MD->getName();
  return {};
}

/// Function calls' plain names, for the name-based heuristics.
llvm::StringRef plainCalleeName(const CallExpr *Call) {
  if (const NamedDecl *D = calleeOf(Call))
    if (D->getIdentifier())
      return D->getName();
  return {};
}

const Expr *ignoreTransparent(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E);
             Ctor && Ctor->getNumArgs() == 1 && Ctor->getConstructor() &&
             (Ctor->getConstructor()->isCopyOrMoveConstructor()))
      E = Ctor->getArg(0);
    else
      return E;
  }
  return E;
}

/// Whether \p Parent only passes \p Child's value on unchanged: casts,
/// temporaries, copies and moves of the same object.
bool isTransparent(const Stmt *Parent) {
  if (const auto *E = dyn_cast_or_null<Expr>(Parent)) {
    if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ExprWithCleanups, CXXFunctionalCastExpr,
            OpaqueValueExpr>(E))
      return true;
    if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E))
      return Ctor->getNumArgs() == 1 && Ctor->getConstructor() &&
             Ctor->getConstructor()->isCopyOrMoveConstructor();
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return Call->getNumArgs() == 1 && nameIn(calleeOf(Call), {"::std::move"});
  }
  return false;
}

/// The first parent of \p Node that is not transparent; \p Child receives the
/// node just below it.
const Stmt *opaqueParent(const Stmt *Node, const ParentMap &PM,
                         const Stmt *&Child) {
  Child = Node;
  while (true) {
    const Stmt *Parent = PM.getParent(Child);
    if (!isTransparent(Parent))
      return Parent;
    Child = Parent;
  }
}

bool isWithin(SourceLocation Loc, const Stmt *Outer, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Range = Outer->getSourceRange();
  return Range.isValid() && Loc.isValid() &&
         !SM.isBeforeInTranslationUnit(Loc, Range.getBegin()) &&
         !SM.isBeforeInTranslationUnit(Range.getEnd(), Loc);
}

bool isWithin(const Stmt *Inner, const Stmt *Outer, ASTContext &Ctx) {
  return isWithin(Inner->getBeginLoc(), Outer, Ctx);
}

bool isBefore(const Stmt *A, const Stmt *B, ASTContext &Ctx) {
  return Ctx.getSourceManager().isBeforeInTranslationUnit(A->getBeginLoc(),
                                                          B->getBeginLoc());
}

/// Visits the statements of one body in source order, skipping lambdas (they
/// run elsewhere or later) but not the bodies of nested loops.
template <typename Fn>
class BodyVisitor : public RecursiveASTVisitor<BodyVisitor<Fn>> {
public:
  explicit BodyVisitor(Fn Callback) : Callback(std::move(Callback)) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitStmt(Stmt *S) { return Callback(S); }

private:
  Fn Callback;
};

/// Calls \p Callback on every statement below \p Root outside lambdas until
/// it returns false. Returns false if the walk was stopped.
template <typename Fn> bool forEachStmt(const Stmt *Root, Fn Callback) {
  if (!Root)
    return true;
  BodyVisitor<Fn> V(std::move(Callback));
  return V.TraverseStmt(const_cast<Stmt *>(Root));
}

template <typename Pred> bool containsStmt(const Stmt *Root, Pred P) {
  bool Found = false;
  forEachStmt(Root, [&](const Stmt *S) {
    Found = P(S);
    return !Found;
  });
  return Found;
}

bool isThreadRecord(QualType T, llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  if (T.isNull())
    return false;
  if (const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl())
    return nameIn(RD, ThreadClasses);
  return false;
}

/// The element type of a container type (its first template argument).
QualType elementType(QualType T) {
  if (T.isNull())
    return {};
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T.getNonReferenceType()->getAsCXXRecordDecl())) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() > 0 && Args[0].getKind() == TemplateArgument::Type)
      return Args[0].getAsType();
  }
  return {};
}

/// Types whose destructor waits for the task they hold: std::async's future
/// (a plain std::future does not, but the check only sees std::async ones),
/// std::jthread, and std::thread, which must be joined before it is destroyed.
bool waitsOnDestruction(QualType T) {
  static const llvm::StringRef Names[] = {
      "::std::future",   "::std::jthread",         "::std::thread",
      "::boost::thread", "::boost::unique_future", "::boost::future"};
  if (T.isNull())
    return false;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (nameIn(RD, Names))
    return true;
  QualType Element = elementType(T);
  return !Element.isNull() && waitsOnDestruction(Element);
}

std::optional<llvm::APSInt> constantValue(const Expr *E, ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Ctx))
    return Result.Val.getInt();
  return std::nullopt;
}

bool sameDecl(const Expr *A, const Expr *B) {
  const auto *RA =
      dyn_cast_or_null<DeclRefExpr>(A ? A->IgnoreParenImpCasts() : nullptr);
  const auto *RB =
      dyn_cast_or_null<DeclRefExpr>(B ? B->IgnoreParenImpCasts() : nullptr);
  return RA && RB && RA->getDecl() == RB->getDecl();
}

const VarDecl *referencedVar(const Expr *E) {
  if (const auto *Ref =
          dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

} // namespace

SpawnIdentity identifySpawn(const NamedDecl *D) {
  const std::string Name = qualifiedName(D);
  for (const SpawnSite &Site : builtinSpawnSites())
    if (Site.Name == Name)
      return {Site.Display.str(), Site.Kind};
  return {Name.empty() ? D->getNameAsString() : Name.substr(2),
          SpawnKind::Custom};
}

const ValueDecl *rootDecl(const Expr *E) {
  while (E) {
    E = ignoreTransparent(E);
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      // `this->pool_` is the field; `batch.futures` is the variable.
      if (isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        return Member->getMemberDecl();
      E = Member->getBase();
    } else if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      E = Unary->getSubExpr();
    } else if (const auto *Binary = dyn_cast<BinaryOperator>(E)) {
      E = Binary->getLHS(); // `tids.data() + i`
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getNumArgs() == 0)
        return nullptr;
      E = Op->getArg(0); // `v[i]`, `*it`
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
      E = Call->getImplicitObjectArgument(); // `v.at(i)`, `pool.get_executor()`
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

// --- Loops -----------------------------------------------------------------

namespace {

/// The call that receives \p Lambda as an argument, if any.
const CallExpr *callTakingLambda(const LambdaExpr *Lambda,
                                 const ParentMap &PM) {
  const Stmt *Child = nullptr;
  const auto *Call =
      dyn_cast_or_null<CallExpr>(opaqueParent(Lambda, PM, Child));
  if (!Call)
    return nullptr;
  return llvm::is_contained(Call->arguments(), Child) ? Call : nullptr;
}

} // namespace

const ParentMap &ParentMaps::of(const FunctionDecl *FD) {
  std::unique_ptr<ParentMap> &Map = Maps[FD];
  if (!Map)
    Map = std::make_unique<ParentMap>(FD->getBody());
  return *Map;
}

const FunctionDecl *ParentMaps::definingFunction(const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  if (!MD || !MD->getParent()->isLambda())
    return nullptr;
  for (const DeclContext *DC = MD->getParent()->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *Outer = dyn_cast<FunctionDecl>(DC))
      return Outer->hasBody() ? Outer : nullptr;
  return nullptr;
}

const LambdaExpr *ParentMaps::lambdaOf(const FunctionDecl *FD,
                                       const FunctionDecl *&Outer) {
  Outer = definingFunction(FD);
  if (!Outer)
    return nullptr;
  // An instantiated generic lambda's body is not in the enclosing function's
  // tree; the body of the pattern it was instantiated from is.
  const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
  const Stmt *Body = (Pattern ? Pattern : FD)->getBody();
  return Body ? dyn_cast_or_null<LambdaExpr>(of(Outer).getParent(Body))
              : nullptr;
}

llvm::SmallVector<LoopContext, 4>
enclosingLoops(const Stmt *S, const FunctionDecl *FD, ParentMaps &Maps) {
  llvm::SmallVector<LoopContext, 4> Loops;
  const ParentMap *PM = &Maps.of(FD);
  const Stmt *Child = S;
  while (true) {
    const Stmt *Parent = PM->getParent(Child);
    if (!Parent) {
      // The top of a lambda's own body: go on where the lambda is written.
      const FunctionDecl *Outer = nullptr;
      const LambdaExpr *Lambda = Maps.lambdaOf(FD, Outer);
      if (!Lambda)
        break;
      FD = Outer;
      PM = &Maps.of(FD);
      Child = Lambda->getBody();
      Parent = Lambda;
    }
    if (const auto *Lambda = dyn_cast<LambdaExpr>(Parent)) {
      if (Child != Lambda->getBody()) { // a capture's initialiser
        Child = Parent;
        continue;
      }
      const CallExpr *Call = callTakingLambda(Lambda, *PM);
      const NamedDecl *Callee = Call ? calleeOf(Call) : nullptr;
      if (!Call || !nameIn(Callee, perElementAlgorithms()))
        break; // a lambda run elsewhere, stored, or spawned: not a loop body
      Loops.push_back({Call, Lambda->getBody(), Callee, PM});
      Child = Call;
      continue;
    }
    if (const auto *For = dyn_cast<ForStmt>(Parent)) {
      if (Child == For->getBody())
        Loops.push_back({For, For->getBody(), nullptr, PM});
    } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(Parent)) {
      if (Child == Range->getBody())
        Loops.push_back({Range, Range->getBody(), nullptr, PM});
    } else if (const auto *While = dyn_cast<WhileStmt>(Parent)) {
      if (Child == While->getBody())
        Loops.push_back({While, While->getBody(), nullptr, PM});
    } else if (const auto *Do = dyn_cast<DoStmt>(Parent)) {
      if (Child == Do->getBody())
        Loops.push_back({Do, Do->getBody(), nullptr, PM});
    }
    Child = Parent;
  }
  return Loops;
}

// --- Trip counts -----------------------------------------------------------

bool derivesFrom(const Expr *E, llvm::ArrayRef<llvm::StringRef> Functions) {
  llvm::SmallPtrSet<const Decl *, 8> Seen;
  std::function<bool(const Stmt *, int)> Walk = [&](const Stmt *S,
                                                    int Depth) -> bool {
    return containsStmt(S, [&](const Stmt *Node) {
      if (const auto *Call = dyn_cast<CallExpr>(Node))
        return nameIn(calleeOf(Call), Functions);
      if (Depth >= 4)
        return false;
      const Expr *Init = nullptr;
      const Decl *D = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Node)) {
        if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
          D = Var, Init = Var->getInit();
      } else if (const auto *Member = dyn_cast<MemberExpr>(Node)) {
        if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
          D = Field, Init = Field->getInClassInitializer();
      }
      return Init && Seen.insert(D).second && Walk(Init, Depth + 1);
    });
  };
  return E && Walk(E, 0);
}

bool namesWorkerCount(const Expr *E) {
  static const llvm::StringRef Words[] = {
      "thread", "worker", "concurren", "parallel", "pool",    "cores",
      "ncore",  "cpu",    "nproc",     "consumer", "producer"};
  return containsStmt(E, [&](const Stmt *S) {
    const NamedDecl *D = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      D = Ref->getDecl();
    else if (const auto *Member = dyn_cast<MemberExpr>(S))
      D = Member->getMemberDecl();
    if (!D || !D->getIdentifier())
      return false;
    const std::string Name = D->getName().lower();
    return llvm::any_of(Words, [&](llvm::StringRef W) {
      return llvm::StringRef(Name).contains(W);
    });
  });
}

bool isContainerSize(const Expr *E) {
  static const llvm::StringRef Names[] = {"size",     "ssize",    "length",
                                          "distance", "capacity", "count"};
  return containsStmt(E, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    return Call && llvm::is_contained(Names, plainCalleeName(Call));
  });
}

namespace {

struct CountingShape {
  const Expr *Start = nullptr;
  const Expr *Bound = nullptr;
  BinaryOperatorKind Op = BO_LT;
  std::int64_t Step = 0; ///< signed; 0 when unknown
};

/// Reads `for (i = Start; i OP Bound; i += Step)`.
std::optional<CountingShape> countingShape(const ForStmt *For,
                                           ASTContext &Ctx) {
  const auto *Cond = dyn_cast_or_null<BinaryOperator>(
      For->getCond() ? For->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond || !Cond->isComparisonOp() ||
      !Cond->getLHS()->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  CountingShape Shape;
  Shape.Op = Cond->getOpcode();
  const VarDecl *Var = referencedVar(Cond->getLHS());
  Shape.Bound = Cond->getRHS();
  if (!Var) {
    Var = referencedVar(Cond->getRHS());
    Shape.Bound = Cond->getLHS();
    Shape.Op = BinaryOperator::reverseComparisonOp(Shape.Op);
  }
  if (!Var)
    return std::nullopt;

  if (const auto *Decls = dyn_cast_or_null<DeclStmt>(For->getInit())) {
    if (Decls->isSingleDecl() && Decls->getSingleDecl() == Var)
      Shape.Start = Var->getInit();
  } else if (const auto *Assign =
                 dyn_cast_or_null<BinaryOperator>(For->getInit())) {
    if (Assign->getOpcode() == BO_Assign &&
        referencedVar(Assign->getLHS()) == Var)
      Shape.Start = Assign->getRHS();
  }

  if (const Stmt *Inc = For->getInc()) {
    if (const auto *Unary =
            dyn_cast<UnaryOperator>(cast<Expr>(Inc)->IgnoreParenImpCasts())) {
      if (referencedVar(Unary->getSubExpr()) == Var)
        Shape.Step = Unary->isIncrementOp() ? 1 : -1;
    } else if (const auto *Compound = dyn_cast<CompoundAssignOperator>(Inc)) {
      if (referencedVar(Compound->getLHS()) == Var)
        if (auto Step = constantValue(Compound->getRHS(), Ctx))
          Shape.Step = Compound->getOpcode() == BO_AddAssign
                           ? Step->getExtValue()
                           : -Step->getExtValue();
    }
  }
  return Shape;
}

/// The number of iterations of a counting loop with constant ends.
std::optional<std::uint64_t> iterations(llvm::APSInt Start, llvm::APSInt Bound,
                                        BinaryOperatorKind Op,
                                        std::int64_t Step) {
  if (Step == 0)
    return std::nullopt;
  const std::int64_t S = Start.getExtValue(), B = Bound.getExtValue();
  const bool Up = Step > 0;
  std::int64_t Span;
  switch (Op) {
  case BO_LT:
    Span = B - S;
    break;
  case BO_LE:
    Span = B - S + 1;
    break;
  case BO_GT:
    Span = S - B;
    break;
  case BO_GE:
    Span = S - B + 1;
    break;
  case BO_NE:
    Span = Up ? B - S : S - B;
    break;
  default:
    return std::nullopt;
  }
  // A loop that counts away from its bound runs until overflow: not a count.
  if ((Op == BO_LT || Op == BO_LE) && !Up)
    return std::nullopt;
  if ((Op == BO_GT || Op == BO_GE) && Up)
    return std::nullopt;
  const std::int64_t Magnitude = Up ? Step : -Step;
  if (Span <= 0)
    return 0;
  return static_cast<std::uint64_t>((Span + Magnitude - 1) / Magnitude);
}

/// Trip count of `for (auto x : R)` or an algorithm over R.
TripCount rangeTripCount(const Expr *Range, ASTContext &Ctx,
                         llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                         llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  TripCount TC;
  if (!Range)
    return TC;
  const Expr *E = ignoreTransparent(Range);
  QualType T = E->getType().getNonReferenceType().getCanonicalType();

  if (const auto *Array = Ctx.getAsConstantArrayType(T)) {
    TC.Kind = TripCount::Constant;
    TC.Count = Array->getSize().getZExtValue();
    return TC;
  }
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(E))
    if (const auto *Init =
            dyn_cast<InitListExpr>(List->getSubExpr()->IgnoreImplicit())) {
      TC.Kind = TripCount::Constant;
      TC.Count = Init->getNumInits();
      return TC;
    }
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl())) {
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (nameIn(Spec, {"::std::array"}) && Args.size() == 2 &&
        Args[1].getKind() == TemplateArgument::Integral) {
      TC.Kind = TripCount::Constant;
      TC.Count = Args[1].getAsIntegral().getZExtValue();
      return TC;
    }
    if (nameIn(Spec, {"::std::ranges::iota_view"})) {
      // std::views::iota(a, b): counts from a to b.
      if (const auto *Call = dyn_cast<CallExpr>(E);
          Call && Call->getNumArgs() == 2) {
        TC.Counting = true;
        TC.Bound = Call->getArg(1);
        auto Lo = constantValue(Call->getArg(0), Ctx);
        auto Hi = constantValue(Call->getArg(1), Ctx);
        if (Lo && Hi) {
          TC.Kind = TripCount::Constant;
          TC.Count = *iterations(*Lo, *Hi, BO_LT, 1);
          return TC;
        }
      }
    }
  }
  if (isThreadRecord(elementType(T), ThreadClasses)) {
    TC.WalksThreadSlots = true;
    TC.Bound = E;
  }
  if (derivesFrom(E, ConcurrencyFunctions))
    TC.Kind = TripCount::Concurrency;
  return TC;
}

/// The range an algorithm call walks: `v` in for_each(v.begin(), v.end(), f)
/// or ranges::for_each(v, f); the count of a _n algorithm.
TripCount
algorithmTripCount(const CallExpr *Call, ASTContext &Ctx,
                   llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                   llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  TripCount TC;
  llvm::SmallVector<const Expr *, 4> Args(Call->arguments());
  if (isa<CXXOperatorCallExpr>(Call) && !Args.empty())
    Args.erase(Args.begin()); // the niebloid object itself
  // A leading execution policy is not part of the range.
  if (!Args.empty())
    if (const auto *RD =
            Args.front()->getType().getNonReferenceType()->getAsCXXRecordDecl())
      if (RD->getName().contains("execution_policy") ||
          RD->getName().ends_with("_policy"))
        Args.erase(Args.begin());
  if (Args.empty())
    return TC;
  const NamedDecl *Callee = calleeOf(Call);
  const bool CountForm = Callee && Callee->getName().ends_with("_n");
  if (CountForm && Args.size() >= 2) {
    TC.Counting = true;
    TC.Bound = Args[1];
    if (auto N = constantValue(Args[1], Ctx)) {
      TC.Kind = TripCount::Constant;
      TC.Count = N->getZExtValue();
    } else if (derivesFrom(Args[1], ConcurrencyFunctions)) {
      TC.Kind = TripCount::Concurrency;
    }
    return TC;
  }
  const Expr *First = ignoreTransparent(Args[0]);
  if (const auto *Begin = dyn_cast<CXXMemberCallExpr>(First)) {
    if (methodName(Begin) == "begin" || methodName(Begin) == "cbegin")
      return rangeTripCount(Begin->getImplicitObjectArgument(), Ctx,
                            ConcurrencyFunctions, ThreadClasses);
  } else if (const auto *Free = dyn_cast<CallExpr>(First)) {
    if (nameIn(calleeOf(Free), {"::std::begin", "::std::cbegin"}) &&
        Free->getNumArgs() == 1)
      return rangeTripCount(Free->getArg(0), Ctx, ConcurrencyFunctions,
                            ThreadClasses);
  } else if (First->getType()->isPointerType()) {
    return TC; // pointer pairs: run time
  }
  // ranges:: algorithms take the range itself.
  if (!First->getType()->isPointerType() && Callee &&
      qualifiedName(Callee).find("::ranges::") != std::string::npos)
    return rangeTripCount(Args[0], Ctx, ConcurrencyFunctions, ThreadClasses);
  return TC;
}

} // namespace

TripCount tripCount(const LoopContext &L, ASTContext &Ctx,
                    llvm::ArrayRef<llvm::StringRef> ConcurrencyFunctions,
                    llvm::ArrayRef<llvm::StringRef> ThreadClasses) {
  if (const auto *Call = dyn_cast<CallExpr>(L.Loop))
    return algorithmTripCount(Call, Ctx, ConcurrencyFunctions, ThreadClasses);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(L.Loop))
    return rangeTripCount(Range->getRangeInit(), Ctx, ConcurrencyFunctions,
                          ThreadClasses);

  TripCount TC;
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(L.Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(L.Loop))
    Cond = Do->getCond();
  if (Cond) {
    if (derivesFrom(Cond, ConcurrencyFunctions))
      TC.Kind = TripCount::Concurrency;
    return TC;
  }

  const auto *For = cast<ForStmt>(L.Loop);
  std::optional<CountingShape> Shape = countingShape(For, Ctx);
  if (!Shape) {
    if (For->getCond() && derivesFrom(For->getCond(), ConcurrencyFunctions))
      TC.Kind = TripCount::Concurrency;
    return TC;
  }
  TC.Counting = true;
  TC.Bound = Shape->Bound;
  auto Start = constantValue(Shape->Start, Ctx);
  auto Bound = constantValue(Shape->Bound, Ctx);
  if (Start && Bound) {
    if (auto N = iterations(*Start, *Bound, Shape->Op, Shape->Step)) {
      TC.Kind = TripCount::Constant;
      TC.Count = *N;
      return TC;
    }
  }
  // `for (i = begin; i < begin + K; ++i)`: K iterations, whatever begin is.
  if (const auto *Sum =
          dyn_cast<BinaryOperator>(Shape->Bound->IgnoreParenImpCasts());
      Sum && Sum->getOpcode() == BO_Add && Shape->Start && Shape->Step > 0) {
    for (auto [Base, Width] : {std::pair(Sum->getLHS(), Sum->getRHS()),
                               std::pair(Sum->getRHS(), Sum->getLHS())}) {
      auto K = constantValue(Width, Ctx);
      if (K && sameDecl(Base, Shape->Start)) {
        TC.Kind = TripCount::Constant;
        TC.Count = (K->getZExtValue() + Shape->Step - 1) / Shape->Step;
        return TC;
      }
    }
  }
  if (derivesFrom(Shape->Bound, ConcurrencyFunctions))
    TC.Kind = TripCount::Concurrency;
  return TC;
}

// --- Task handles ----------------------------------------------------------

namespace {

// Calls that return only once the task is finished. wait_for, wait_until and
// try_join_for are left out: with a short timeout they only poll.
const llvm::StringRef WaitMethods[] = {
    "join",        "get",      "wait",         "wait_idle",
    "waitForDone", "join_all", "run_and_wait", "sync_wait"};
const llvm::StringRef InsertMethods[] = {
    "push_back", "push_front", "emplace_back", "emplace_front", "emplace",
    "insert",    "push",       "try_emplace",  "emplace_hint",  "add"};
const llvm::StringRef ObserverMethods[] = {
    "size", "empty", "begin", "end",      "cbegin",  "cend",     "front",
    "back", "at",    "data",  "capacity", "reserve", "joinable", "valid"};

bool isWaitCall(const Stmt *S) {
  llvm::StringRef Name = methodName(S);
  return !Name.empty() && llvm::is_contained(WaitMethods, Name);
}

/// Adds to \p H the containers a holder variable is moved into:
/// `futs.push_back(std::move(f))`.
void followMoves(TaskHandle &H, const Stmt *FunctionBody) {
  for (unsigned I = 0; I < H.Holders.size(); ++I) {
    const ValueDecl *Holder = H.Holders[I];
    forEachStmt(FunctionBody, [&](const Stmt *S) {
      const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
      if (!Call || !llvm::is_contained(InsertMethods, methodName(Call)))
        return true;
      for (const Expr *Arg : Call->arguments()) {
        const auto *Move = dyn_cast<CallExpr>(ignoreTransparent(Arg));
        if (Move && Move->getNumArgs() == 1 &&
            nameIn(calleeOf(Move), {"::std::move"}) &&
            rootDecl(Move->getArg(0)) == Holder)
          if (const ValueDecl *Container =
                  rootDecl(Call->getImplicitObjectArgument())) {
            if (!llvm::is_contained(H.MovedFrom, Holder))
              H.MovedFrom.push_back(Holder);
            if (!llvm::is_contained(H.Holders, Container))
              H.Holders.push_back(Container);
          }
      }
      return true;
    });
  }
}

} // namespace

TaskHandle findTaskHandle(const Expr *Spawn, SpawnKind Kind,
                          const Stmt *FunctionBody, const ParentMap &PM) {
  TaskHandle H;
  // Spawn calls whose task lives in an object named in the call.
  if (const auto *Call = dyn_cast<CallExpr>(Spawn)) {
    const NamedDecl *Callee = calleeOf(Call);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      // task_group::run, create_thread, threads.emplace_back(f, x)
      if (const ValueDecl *Object =
              rootDecl(Member->getImplicitObjectArgument()))
        H.Holders.push_back(Object);
    } else if (nameIn(Callee, {"::pthread_create"}) && Call->getNumArgs() > 0) {
      if (const ValueDecl *Tid = rootDecl(Call->getArg(0)))
        H.Holders.push_back(Tid);
    } else if (Kind == SpawnKind::Task && Call->getNumArgs() > 1) {
      // asio::post(pool, f): the executor, which can be joined
      if (const ValueDecl *Executor = rootDecl(Call->getArg(0)))
        H.Holders.push_back(Executor);
    }
  }

  // `co_await asio::co_spawn(ex, job(), use_awaitable)`. The operand of a
  // co_await is shared with the await_transform call clang builds, so the
  // parent map may name that call as its parent: look for the co_await
  // among the enclosing expressions.
  for (const Stmt *Up = PM.getParent(Spawn); isa_and_nonnull<Expr>(Up);
       Up = PM.getParent(Up))
    if (isa<CoawaitExpr, CoyieldExpr>(Up)) {
      H.WaitedInPlace = true;
      return H;
    }

  const Stmt *Child = nullptr;
  const Stmt *Parent = opaqueParent(Spawn, PM, Child);
  if (isa_and_nonnull<MemberExpr>(Parent)) // `std::async(...).get()`
    Parent = PM.getParent(Parent);
  const auto *ChildExpr = dyn_cast_or_null<Expr>(Child);
  const auto *Member = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
  if (!Parent) {
    // The function's own body: nothing holds the task.
  } else if (const auto *Decls = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() == Child)
        H.Holders.push_back(Var);
  } else if (Member && ignoreTransparent(Member->getImplicitObjectArgument()) ==
                           ignoreTransparent(Spawn)) {
    llvm::StringRef Name = methodName(Member);
    if (Name == "detach")
      H.Detached = true;
    else if (llvm::is_contained(WaitMethods, Name))
      H.WaitedInPlace = true;
    else
      H.Escapes = true;
  } else if (Member && llvm::is_contained(InsertMethods, methodName(Member))) {
    if (const ValueDecl *Container =
            rootDecl(Member->getImplicitObjectArgument()))
      H.Holders.push_back(Container);
    else
      H.Escapes = true;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
             Op && Op->getOperator() == OO_Equal) {
    if (const ValueDecl *Target = rootDecl(Op->getArg(0)))
      H.Holders.push_back(Target);
  } else if (const auto *Assign = dyn_cast<BinaryOperator>(Parent);
             Assign && Assign->getOpcode() == BO_Assign) {
    if (const ValueDecl *Target = rootDecl(Assign->getLHS()))
      H.Holders.push_back(Target);
  } else if (isa<CoawaitExpr, CoyieldExpr>(Parent)) {
    H.WaitedInPlace = true;
  } else if (isa<CallExpr, ReturnStmt, CXXConstructExpr, InitListExpr,
                 CoreturnStmt>(Parent)) {
    H.Escapes = true;
  } else if (!isa<Expr>(Parent)) {
    // A discarded result: std::async's future and std::jthread wait for the
    // task in their destructors, at the end of the full expression.
    if (ChildExpr && ChildExpr->isPRValue() &&
        waitsOnDestruction(ChildExpr->getType()) &&
        !isThreadRecord(ChildExpr->getType(),
                        {"::std::thread", "::boost::thread"}))
      H.WaitedInPlace = true;
  }
  if (FunctionBody)
    followMoves(H, FunctionBody);
  return H;
}

namespace {

/// Whether a wait found at \p Wait inside \p Body happens on every iteration,
/// or under a condition that looks like a batch flush.
bool isFlushCondition(const Stmt *Wait, const Stmt *Body,
                      const ValueDecl *Holder, const ParentMap &PM) {
  const Stmt *Node = Wait;
  while (true) {
    const Stmt *Parent = PM.getParent(Node);
    if (!Parent)
      return false; // not inside the body after all
    if (Parent == Body)
      return true; // unconditional
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      Cond = Node != If->getCond() ? If->getCond() : nullptr;
    else if (const auto *While = dyn_cast<WhileStmt>(Parent))
      Cond = While->getCond();
    if (Cond) {
      // `if (futs.size() >= N)`, `if (i % N == 0)`, `if (++n == kBatch)`.
      return containsStmt(Cond, [&](const Stmt *S) {
        if (const auto *Bin = dyn_cast<BinaryOperator>(S))
          return Bin->isComparisonOp() || Bin->getOpcode() == BO_Rem;
        if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
          return Op->isComparisonOp();
        if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
          return Ref->getDecl() == Holder;
        return false;
      });
    }
    Node = Parent;
  }
}

} // namespace

bool drainedWithin(const Stmt *Body, const Stmt *Spawn, const TaskHandle &H,
                   const ParentMap &PM, ASTContext &Ctx) {
  if (H.WaitedInPlace)
    return true;
  if (H.Detached || H.Escapes || H.Holders.empty())
    return false;

  for (const ValueDecl *Holder : H.Holders) {
    // Elements of the holder, named by range-for loop variables.
    llvm::SmallPtrSet<const ValueDecl *, 4> Aliases;
    Aliases.insert(Holder);
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Range = dyn_cast<CXXForRangeStmt>(S))
        if (rootDecl(Range->getRangeInit()) == Holder)
          Aliases.insert(Range->getLoopVariable());
      return true;
    });
    const auto IsHolder = [&](const Expr *E) {
      const ValueDecl *Root = rootDecl(E);
      return Root && Aliases.contains(Root);
    };

    bool Detached = false;
    const Stmt *Wait = nullptr;
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
        if (!IsHolder(Member->getImplicitObjectArgument()))
          return true;
        if (methodName(Member) == "detach") {
          Detached = true;
          return false;
        }
        if (isWaitCall(Member))
          Wait = Wait ? Wait : Member;
        return true;
      }
      if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
        if (IsHolder(Await->getOperand()))
          Wait = Wait ? Wait : Await;
        return true;
      }
      // The holder handed to a function: wait_all(futs), pthread_join(tid),
      // std::for_each(ts.begin(), ts.end(), join).
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (Call == Spawn || isa<CXXOperatorCallExpr>(Call) ||
            hasQualifiedName(calleeOf(Call), {"::std::move", "::std::forward",
                                              "::std::ref", "::std::cref"}))
          return true;
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
          if (llvm::is_contained(InsertMethods, methodName(Member)))
            return true;
        for (const Expr *Arg : Call->arguments()) {
          const Expr *A = ignoreTransparent(Arg);
          if (const auto *Observer = dyn_cast<CXXMemberCallExpr>(A)) {
            llvm::StringRef Name = methodName(Observer);
            if (Name != "begin" && Name != "cbegin" && Name != "data")
              continue; // `log(futs.size())` waits for nothing
          }
          if (IsHolder(A)) {
            Wait = Wait ? Wait : Call;
            break;
          }
        }
      }
      return true;
    });
    if (Detached)
      return false;
    if (Wait && isFlushCondition(Wait, Body, Holder, PM))
      return true;

    // A holder declared in the body is destroyed at the end of every
    // iteration; futures of std::async and jthreads wait for their task then.
    if (const auto *Var = dyn_cast<VarDecl>(Holder);
        Var && Var->hasLocalStorage() && waitsOnDestruction(Var->getType()) &&
        !llvm::is_contained(H.MovedFrom, Holder) &&
        isWithin(Var->getLocation(), Body, Ctx))
      return true;
  }
  return false;
}

// --- What happens before the spawn ----------------------------------------

bool waitsForRoomBefore(const Stmt *Body, const Stmt *Spawn,
                        llvm::ArrayRef<llvm::StringRef> Limiters,
                        ASTContext &Ctx) {
  static const llvm::StringRef WaitingCalls[] = {
      "wait",        "wait_for", "wait_until", "yield",       "sleep_for",
      "sleep_until", "get",      "join",       "pop",         "pop_front",
      "acquire",     "poll",     "run_one",    "try_join_for"};
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx) || isWithin(Spawn, S, Ctx))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return nameIn(calleeOf(Call), Limiters);
    // `while (in_flight >= kMax) cv.wait(lock);` and the sliding window
    // `while (futs.size() >= N) { futs.front().get(); futs.pop_front(); }`.
    const Expr *Cond = nullptr;
    if (const auto *While = dyn_cast<WhileStmt>(S))
      Cond = While->getCond();
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      Cond = Do->getCond();
    else if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    if (!Cond)
      return false;
    const bool AtLimit = containsStmt(Cond, [](const Stmt *C) {
      BinaryOperatorKind Op;
      if (const auto *Bin = dyn_cast<BinaryOperator>(C))
        Op = Bin->getOpcode();
      else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(C);
               Call && Call->isComparisonOp())
        Op = BinaryOperator::getOverloadedOpcode(Call->getOperator());
      else
        return false;
      return Op == BO_GE || Op == BO_GT || Op == BO_EQ;
    });
    return AtLimit && containsStmt(S, [](const Stmt *C) {
             const auto *Call = dyn_cast<CallExpr>(C);
             return Call &&
                    llvm::is_contained(WaitingCalls, plainCalleeName(Call));
           });
  });
}

bool awaitsEventBefore(const Stmt *Body, const Stmt *Spawn, ASTContext &Ctx) {
  const auto IsEventCall = [](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    const std::string Name = plainCalleeName(Call).lower();
    return llvm::StringRef(Name).contains("accept") ||
           llvm::StringRef(Name).contains("receive") ||
           llvm::StringRef(Name).contains("recv") ||
           llvm::StringRef(Name).contains("read");
  };
  return containsStmt(Body, [&](const Stmt *S) {
    if (!isBefore(S, Spawn, Ctx))
      return false;
    if (const auto *Await = dyn_cast<CoawaitExpr>(S))
      return containsStmt(Await->getOperand(), IsEventCall);
    // Stackful coroutines: `acceptor.async_accept(socket, yield)`.
    if (IsEventCall(S))
      return llvm::any_of(cast<CallExpr>(S)->arguments(), [](const Expr *Arg) {
        const auto *RD =
            Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
        return RD && RD->getName().contains("yield_context");
      });
    return false;
  });
}

// --- The spawned callable --------------------------------------------------

namespace {

const Stmt *callableBody(const Expr *E, int Depth) {
  if (!E || Depth > 3)
    return nullptr;
  E = ignoreTransparent(E);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return Lambda->getBody();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    return callableBody(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return FD->getBody();
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return callableBody(Var->getInit(), Depth + 1);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    // std::bind(&Pool::run, this) or a coroutine call `session(socket)`.
    const NamedDecl *Callee = calleeOf(Call);
    if (nameIn(Callee, {"::std::bind", "::boost::bind", "::std::bind_front"}) &&
        Call->getNumArgs() > 0)
      return callableBody(Call->getArg(0), Depth + 1);
    if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Callee))
      return FD->getBody();
    return nullptr;
  }
  // A function object: its call operator.
  if (const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl())
    if (RD->hasDefinition())
      for (const CXXMethodDecl *MD : RD->methods())
        if (MD->getOverloadedOperator() == OO_Call && MD->getBody())
          return MD->getBody();
  return nullptr;
}

} // namespace

const Stmt *spawnedBody(const Expr *Spawn) {
  llvm::ArrayRef<const Expr *> Args;
  llvm::SmallVector<const Expr *, 4> Storage;
  if (const auto *Call = dyn_cast<CallExpr>(Spawn))
    Storage.assign(Call->arg_begin(), Call->arg_end());
  else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(Spawn))
    Storage.assign(Ctor->arg_begin(), Ctor->arg_end());
  else if (const auto *New = dyn_cast<CXXNewExpr>(Spawn))
    if (const auto *Init =
            dyn_cast_or_null<CXXConstructExpr>(New->getConstructExpr()))
      Storage.assign(Init->arg_begin(), Init->arg_end());
  Args = Storage;
  for (const Expr *Arg : Args)
    if (const Stmt *Body = callableBody(Arg, 0))
      return Body;
  return nullptr;
}

bool isLongRunningWorker(const Stmt *Body) {
  static const llvm::StringRef TakesWork[] = {"pop",
                                              "try_pop",
                                              "wait_dequeue",
                                              "try_dequeue",
                                              "dequeue",
                                              "take",
                                              "receive",
                                              "async_receive",
                                              "recv",
                                              "get",
                                              "wait",
                                              "wait_for",
                                              "stop_requested",
                                              "fetch_add",
                                              "fetch_sub",
                                              "load",
                                              "next",
                                              "run",
                                              "run_one",
                                              "poll"};
  const auto RunsUntilStopped = [&](const Expr *Cond) {
    if (!Cond)
      return true; // for (;;)
    if (const auto *Lit =
            dyn_cast<CXXBoolLiteralExpr>(Cond->IgnoreParenImpCasts()))
      return Lit->getValue();
    if (const auto *Int = dyn_cast<IntegerLiteral>(Cond->IgnoreParenImpCasts()))
      return Int->getValue() != 0;
    return containsStmt(Cond, [&](const Stmt *S) {
      if (const auto *Call = dyn_cast<CallExpr>(S))
        return llvm::is_contained(TakesWork, plainCalleeName(Call));
      const ValueDecl *D = nullptr;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
        D = Ref->getDecl();
      else if (const auto *Member = dyn_cast<MemberExpr>(S))
        D = Member->getMemberDecl();
      if (!D)
        return false;
      QualType T = D->getType().getNonReferenceType();
      if (T->isBooleanType())
        return true;
      const auto *RD = T->getAsCXXRecordDecl();
      return RD && (nameIn(RD, {"::std::atomic", "::std::atomic_flag",
                                "::std::stop_token"}));
    });
  };
  return containsStmt(Body, [&](const Stmt *S) {
    if (const auto *While = dyn_cast<WhileStmt>(S))
      return RunsUntilStopped(While->getCond()) ||
             While->getConditionVariable() != nullptr;
    if (const auto *Do = dyn_cast<DoStmt>(S))
      return RunsUntilStopped(Do->getCond());
    if (const auto *For = dyn_cast<ForStmt>(S))
      return !For->getInc() && RunsUntilStopped(For->getCond());
    return false;
  });
}

} // namespace clang::tidy::taskbound::analysis
