//===-- GatherToParallelMap.cpp - futures gathered -> parallel_map --------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
//   std::vector<std::future<R>> futs;
//   for (auto &x : xs)                    for (int i = 0; i < n; ++i)
//     futs.push_back(std::async(std::launch::async, f, x));
//   for (auto &fut : futs) use(fut.get());
// becomes
//   auto futs = taskbound::parallel_map(xs, [&](auto &x) { return f(x); });
//   for (auto &fut : futs) use(std::move(fut));
// (`parallel_map(0, n, ...)` for the counting loop). The results are the
// same and read in the same order; the calls run on the bounded pool, and
// all of them have finished where the loop ended.
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"
#include "analysis/ASTHelpers.h"
#include "analysis/Internal.h"

#include "clang/AST/TypeLoc.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::fixits {

namespace {

/// What parallel_map walks and how the callable receives one element.
struct MappedRange {
  std::string Arguments; ///< `xs`, or `0, n` for the index form
  std::string Parameter; ///< `const auto &x`, `int i`
  std::string Prelude;   ///< `auto &[k, v] = entry; ` for structured bindings
};

/// Whether the range-for's iterator is at least a forward iterator, as
/// parallel_map (a std::ranges::forward_range) needs.
bool walksForwardRange(const CXXForRangeStmt *For) {
  const auto *Begin = For->getBeginStmt();
  const auto *Var = Begin ? dyn_cast<VarDecl>(Begin->getSingleDecl()) : nullptr;
  if (!Var)
    return false;
  const QualType T = Var->getType();
  if (T->isPointerType())
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  for (llvm::StringRef Tag : {"iterator_concept", "iterator_category"}) {
    const auto Found = RD->lookup(&RD->getASTContext().Idents.get(Tag));
    if (Found.empty())
      continue;
    const auto *Alias = dyn_cast<TypedefNameDecl>(Found.front());
    const auto *Category =
        Alias ? Alias->getUnderlyingType()->getAsCXXRecordDecl() : nullptr;
    if (!Category || !Category->getIdentifier())
      return false;
    const llvm::StringRef Name = Category->getName();
    return Name.starts_with("forward") || Name.starts_with("bidirectional") ||
           Name.starts_with("random_access") || Name.starts_with("contiguous");
  }
  return false;
}

/// Whether the spawn uses the loop's element (a structured binding counts
/// when one of its names is used).
bool usesElement(const Expr *Spawn, const VarDecl *Element) {
  if (const auto *Bindings = dyn_cast<DecompositionDecl>(Element))
    return llvm::any_of(Bindings->bindings(), [&](const BindingDecl *B) {
      return refersTo(Spawn, B);
    });
  return refersTo(Spawn, Element);
}

std::optional<MappedRange> rangeForm(const CXXForRangeStmt *For,
                                     const Expr *Spawn, const ASTContext &Ctx) {
  const Expr *Range = For->getRangeInit();
  if (!Range || isa<InitListExpr>(Range->IgnoreImplicit()) ||
      !walksForwardRange(For))
    return std::nullopt;
  std::optional<std::string> RangeText = textOf(Range, Ctx);
  const VarDecl *Element = For->getLoopVariable();
  std::optional<std::string> ElementText =
      textBetween(Element->getOuterLocStart(), For->getColonLoc(), Ctx);
  if (!RangeText || !ElementText)
    return std::nullopt;
  if (!usesElement(Spawn, Element))
    return MappedRange{*RangeText, "auto &&", ""};
  if (!isa<DecompositionDecl>(Element))
    return MappedRange{*RangeText, *ElementText, ""};
  // `for (auto &[k, v] : m)`: a lambda parameter cannot be a structured
  // binding, so the lambda binds it from the element.
  return MappedRange{*RangeText, "auto &&taskbound_element",
                     *ElementText + " = taskbound_element; "};
}

/// An end of the index range, as the counter's type \p Counter.
std::string asCounterType(const Expr *E, const std::string &Text,
                          const VarDecl *Counter, const std::string &Type) {
  const Expr *Bare = E->IgnoreParenImpCasts();
  if (Bare->getType().getCanonicalType().getUnqualifiedType() ==
      Counter->getType().getCanonicalType().getUnqualifiedType())
    return Text;
  if (isa<IntegerLiteral>(Bare))
    return Type + "{" + Text + "}";
  return "static_cast<" + Type + ">(" + Text + ")";
}

std::optional<MappedRange> indexForm(const ForStmt *For, const Expr *Spawn,
                                     ASTContext &Ctx) {
  const auto Shape = analysis::countingShape(For, Ctx);
  if (!Shape || !Shape->Start || Shape->Op != BO_LT || Shape->Step != 1 ||
      Shape->Bound->HasSideEffects(Ctx, false) ||
      Shape->Start->HasSideEffects(Ctx, false))
    return std::nullopt;
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (!Init || !Init->isSingleDecl() || Init->getSingleDecl() != Shape->Var)
    return std::nullopt;
  const VarDecl *Counter = Shape->Var;
  std::string Type = Counter->getType().getUnqualifiedType().getAsString(
      Ctx.getPrintingPolicy());
  if (!Counter->getType()->getContainedAutoType())
    if (auto Written = textOf(
            Counter->getTypeSourceInfo()->getTypeLoc().getSourceRange(), Ctx))
      Type = *Written;
  if (llvm::StringRef(Type).starts_with("const "))
    Type = Type.substr(6);
  const auto Start = textOf(Shape->Start, Ctx);
  const auto Bound = textOf(Shape->Bound, Ctx);
  if (!Start || !Bound)
    return std::nullopt;
  return MappedRange{
      asCounterType(Shape->Start, *Start, Counter, Type) + ", " +
          asCounterType(Shape->Bound, *Bound, Counter, Type),
      refersTo(Spawn, Counter) ? Type + " " + Counter->getNameAsString() : Type,
      ""};
}

std::optional<MappedRange> mappedRange(const Stmt *Loop, const Expr *Spawn,
                                       ASTContext &Ctx) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return rangeForm(Range, Spawn, Ctx);
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return indexForm(For, Spawn, Ctx);
  return std::nullopt;
}

/// The `std::future<R>` inside the declaration `std::vector<std::future<R>>`
/// and R's text.
std::optional<std::pair<SourceRange, std::string>>
futureElementType(const VarDecl *Holder, const ASTContext &Ctx) {
  TypeLoc TL = Holder->getTypeSourceInfo()->getTypeLoc();
  const auto Argument = [&](TypeLoc Of) -> std::optional<TypeLoc> {
    // Through `std::` (an elaborated type before LLVM 22), parens, attributes.
    auto Spec = Of.getAsAdjusted<TemplateSpecializationTypeLoc>();
    if (!Spec || Spec.getNumArgs() == 0)
      return std::nullopt;
    const TypeSourceInfo *Info = Spec.getArgLoc(0).getTypeSourceInfo();
    return Info ? std::optional(Info->getTypeLoc()) : std::nullopt;
  };
  const std::optional<TypeLoc> Future = Argument(TL);
  const std::optional<TypeLoc> Result =
      Future ? Argument(*Future) : std::nullopt;
  if (!Result)
    return std::nullopt;
  auto Text = textOf(Result->getSourceRange(), Ctx);
  if (!Text)
    return std::nullopt;
  return std::make_pair(Future->getSourceRange(), *Text);
}

/// Whether only `reserve` calls stand between the declaration and the loop.
bool declaredJustBefore(const HolderUses &U, const Stmt *Loop,
                        const ParentMap &PM) {
  const CompoundStmt *Block = blockOf(Loop, PM);
  if (!Block || blockOf(U.Declaration, PM) != Block)
    return false;
  for (const Stmt *S : statementsAfter(Block, U.Declaration)) {
    if (S == Loop)
      return true;
    const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
    if (!Call || !llvm::is_contained(U.Reserves, Call))
      return false;
  }
  return false;
}

/// Edits of the declaration and the loop: one `auto futs = ...` statement
/// when they are adjacent, else a `std::vector<R>` assigned at the loop.
bool replaceFill(const HolderUses &U, const Stmt *Loop, const std::string &Map,
                 RewriteContext &RC, Rewrite &R) {
  const std::string Name = U.Holder->getNameAsString();
  if (declaredJustBefore(U, Loop, RC.Maps.of(&RC.Function))) {
    R.Edits.push_back(removeStatement(U.Declaration, RC.Ctx));
    for (const Stmt *Reserve : U.Reserves)
      R.Edits.push_back(removeStatement(Reserve, RC.Ctx));
    R.Edits.push_back(
        replaceStatement(Loop, "auto " + Name + " = " + Map + ";", RC.Ctx));
    return true;
  }
  auto Element = futureElementType(U.Holder, RC.Ctx);
  if (!Element)
    return false;
  R.Edits.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Element->first), Element->second));
  R.Edits.push_back(replaceStatement(Loop, Name + " = " + Map + ";", RC.Ctx));
  return true;
}

/// `fut.get()` → `std::move(fut)` (or `fut` for a scalar result); an element
/// variable written `std::future<R> &` becomes `auto &`.
bool replaceDrain(const HolderUses &U, RewriteContext &RC, Rewrite &R) {
  for (const CXXMemberCallExpr *Get : U.Waits) {
    auto Object = textOf(Get->getImplicitObjectArgument(), RC.Ctx);
    if (!Object)
      return false;
    const bool Scalar = Get->getType()->isScalarType();
    R.Edits.push_back(FixItHint::CreateReplacement(
        Get->getSourceRange(),
        Scalar ? *Object : "std::move(" + *Object + ")"));
  }
  if (U.Element && !U.Element->getType()->getContainedAutoType()) {
    TypeLoc TL = U.Element->getTypeSourceInfo()->getTypeLoc();
    if (auto Ref = TL.getAs<ReferenceTypeLoc>())
      TL = Ref.getPointeeLoc();
    R.Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(TL.getSourceRange()), "auto"));
  }
  return true;
}

} // namespace

std::optional<Rewrite> gatherToParallelMap(const analysis::Spawn &S,
                                           const analysis::Judgement &J,
                                           RewriteContext &RC) {
  const ParentMap &PM = RC.Maps.of(&RC.Function);
  const CXXMemberCallExpr *Insert = nullptr;
  const VarDecl *Holder =
      isThreadedAsync(S) && J.Loop.Parents == &PM && !J.Loop.Algorithm
          ? holderOf(S, PM, Insert)
          : nullptr;
  const auto *Sole = dyn_cast_or_null<Expr>(soleStatement(J.Loop.Body));
  if (!Holder || !Sole || analysis::ignoreTransparent(Sole) != Insert)
    return std::nullopt;
  const auto Uses = holderUses(Holder, J.Loop.Loop, Insert, "get", RC);
  const auto Range = mappedRange(J.Loop.Loop, S.E, RC.Ctx);
  const auto Call = spawnedCall(S);
  const auto CallCode = Call ? callText(*Call, RC.Ctx) : std::nullopt;
  // parallel_map collects results: a std::future<void> has none, and a
  // `f.get();` whose value is dropped would become a statement that does
  // nothing (-Wunused-value); the drop-in on the note covers both.
  if (!Uses || Uses->Waits.size() != 1 ||
      Uses->Waits.front()->getType()->isVoidType() ||
      !isa_and_nonnull<Expr>(PM.getParent(Uses->Waits.front())) || !Range ||
      !CallCode ||
      !runsOnBoundedPool(calledBody(*Call), {J.Loop.Loop}, RC.Function, RC.Ctx))
    return std::nullopt;
  const std::string Map = "taskbound::parallel_map(" + Range->Arguments +
                          ", [&](" + Range->Parameter + ") { " +
                          Range->Prelude + "return " + *CallCode + "; }" +
                          mapOptionsArgument(RC) + ")";
  Rewrite R{RewriteKind::GatherToParallelMap, "<taskbound/taskbound.hpp>", {}};
  if (!replaceFill(*Uses, J.Loop.Loop, Map, RC, R) ||
      !replaceDrain(*Uses, RC, R) || !editable(R.Edits, RC.Ctx))
    return std::nullopt;
  return R;
}

} // namespace clang::tidy::taskbound::fixits
