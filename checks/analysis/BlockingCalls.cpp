//===-- BlockingCalls.cpp - calls that block the thread they run on -------===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "ASTHelpers.h"
#include "Internal.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::taskbound::analysis {

namespace {

/// The record type of \p E's object, through a pointer, as declared: a call
/// of an inherited method (`shared_future<void>::wait`, declared in a base of
/// libstdc++'s) converts the object to the base, and that cast is looked
/// through.
const CXXRecordDecl *objectClass(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType().getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// \p RD and its bases, nearest first.
void classAndBases(const CXXRecordDecl *RD,
                   llvm::SmallVectorImpl<const CXXRecordDecl *> &Out,
                   unsigned Depth = 0) {
  if (!RD || Depth > 8 || llvm::is_contained(Out, RD))
    return;
  Out.push_back(RD);
  if (!RD->hasDefinition())
    return;
  for (const CXXBaseSpecifier &Base : RD->bases())
    classAndBases(Base.getType()->getAsCXXRecordDecl(), Out, Depth + 1);
}

/// Whether \p Call is the asynchronous overload: it takes a completion
/// token (asio::use_awaitable, a yield_context, ...) or, for a function the
/// user listed, a lambda to call when it completes.
bool takesCompletionToken(const CallExpr &Call, bool LambdaIsHandler) {
  return llvm::any_of(Call.arguments(), [&](const Expr *Arg) {
    const CXXRecordDecl *RD = objectClass(Arg);
    if (RD && (Vocabulary::isCompletionToken(RD) ||
               (LambdaIsHandler && RD->isLambda())))
      return true;
    // A lambda handed on as a std::function: the conversion hides it.
    const auto *Wrap = dyn_cast<CXXConstructExpr>(ignoreTransparent(Arg));
    return LambdaIsHandler && Wrap && Wrap->getNumArgs() == 1 &&
           isa<LambdaExpr>(ignoreTransparent(Wrap->getArg(0)));
  });
}

} // namespace

const BlockingApi BlockingCalls::UserApi = {
    "", "co_await an asynchronous form of it instead"};

BlockingCalls::BlockingCalls(llvm::ArrayRef<std::string> Extra) {
  for (const BlockingApi &Api : Vocabulary::blockingFunctions()) {
    Functions[Api.Name] = Api;
    // A name at the top level is the C library's function (`::read`).
    if (Api.Name.rfind("::") == 0)
      CFunctions[Api.Name] = true;
  }
  for (const BlockingApi &Op : Vocabulary::asioSyncOperations())
    AsioOps[Op.Name] = Op;
  for (llvm::StringRef Object : Vocabulary::asioIoObjects())
    AsioObjects[Object] = true;
  for (const std::string &Name : Extra) {
    if (llvm::StringRef(Name).trim().empty())
      continue;
    const std::string Qualified = qualify(Name);
    Functions[Qualified] = UserApi;
    CFunctions.erase(Qualified); // listed: any function of that name
  }
}

std::optional<BlockingCall> BlockingCalls::match(const CallExpr &Call) const {
  const auto *FD = dyn_cast_or_null<FunctionDecl>(Call.getCalleeDecl());
  if (!FD || !FD->getIdentifier())
    return std::nullopt;
  std::optional<BlockingCall> Found;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call)) {
    Found = matchMethod(*Member, FD->getName());
  } else {
    const std::string Name = qualifiedName(FD);
    const auto It = Functions.find(Name);
    if (It != Functions.end() && (!CFunctions.count(Name) || FD->isExternC()))
      Found = BlockingCall{&It->second, Name.substr(2)};
  }
  // Only a listed function may have an asynchronous overload that takes a
  // lambda (condition_variable::wait takes a predicate and blocks).
  const bool Listed =
      Found && Found->Api->Advice.data() == UserApi.Advice.data();
  if (Found && takesCompletionToken(Call, Listed))
    return std::nullopt;
  return Found;
}

std::optional<BlockingCall>
BlockingCalls::matchMethod(const CXXMemberCallExpr &Call,
                           llvm::StringRef Method) const {
  llvm::SmallVector<const CXXRecordDecl *, 8> Classes;
  classAndBases(objectClass(Call.getImplicitObjectArgument()), Classes);
  if (const CXXMethodDecl *MD = Call.getMethodDecl())
    classAndBases(MD->getParent(), Classes);
  for (const CXXRecordDecl *Class : Classes) {
    const std::string Name = qualifiedName(Class);
    if (Name.empty())
      continue;
    const std::string Qualified = Name + "::" + Method.str();
    if (const auto It = Functions.find(Qualified); It != Functions.end())
      return BlockingCall{&It->second, Qualified.substr(2)};
    if (AsioObjects.count(Name))
      if (const auto Op = AsioOps.find(Method); Op != AsioOps.end())
        return BlockingCall{&Op->second, Qualified.substr(2)};
  }
  return std::nullopt;
}

bool isPolledFirst(const CXXMemberCallExpr &Call, const Stmt *Body,
                   ASTContext &Ctx) {
  const Expr *Object = Call.getImplicitObjectArgument();
  const ValueDecl *Future = rootDecl(Object);
  if (!Future || !Vocabulary::isPollableFuture(objectClass(Object)))
    return false;
  return containsStmt(Body, [&](const Stmt *S) {
    const auto *Poll = dyn_cast<CXXMemberCallExpr>(S);
    return Poll && isBefore(Poll, &Call, Ctx) &&
           Vocabulary::isReadinessPoll(methodName(Poll)) &&
           rootDecl(Poll->getImplicitObjectArgument()) == Future;
  });
}

} // namespace clang::tidy::taskbound::analysis
