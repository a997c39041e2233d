//===-- BlockingCallInCoroutineCheck.cpp - blocking-call-in-coroutine -----===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "BlockingCallInCoroutineCheck.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskbound {

namespace {

using Coroutine = analysis::EventLoopCoroutine;

std::vector<std::string> qualifiedNames(StringRef Option) {
  std::vector<std::string> Names;
  for (StringRef Name : utils::options::parseStringList(Option))
    if (!Name.trim().empty())
      Names.push_back(analysis::qualify(Name));
  return Names;
}

void replaceAll(std::string &Text, StringRef From, StringRef To) {
  for (size_t At = Text.find(From); At != std::string::npos;
       At = Text.find(From, At + To.size()))
    Text.replace(At, From.size(), To.str());
}

/// The advice (written for standalone asio's coroutines) in the terms of
/// the coroutine at hand.
std::string adviceFor(const analysis::BlockingApi &Api, Coroutine::Kinds Kind) {
  std::string Advice = Api.Advice.str();
  switch (Kind) {
  case Coroutine::Asio:
    break;
  case Coroutine::BoostAsio:
    replaceAll(Advice, "asio::", "boost::asio::");
    break;
  case Coroutine::BoostStackful:
    replaceAll(Advice, "asio::", "boost::asio::");
    [[fallthrough]];
  case Coroutine::Stackful:
    replaceAll(Advice, "boost::asio::use_awaitable", "yield");
    replaceAll(Advice, "asio::use_awaitable", "yield");
    replaceAll(Advice, "co_await ", "call ");
    break;
  case Coroutine::Listed:
    if (StringRef(Advice).ends_with(" instead"))
      Advice.resize(Advice.size() - StringRef(" instead").size());
    Advice = "co_await your coroutine library's asynchronous form of it "
             "instead (with Asio: " +
             Advice + ")";
    break;
  }
  return Advice;
}

} // namespace

BlockingCallInCoroutineCheck::BlockingCallInCoroutineCheck(
    StringRef Name, ClangTidyContext *Context)
    : TaskboundCheck(Name, Context),
      CoroutineTypesOption(Options.get("CoroutineTypes", "")),
      BlockingFunctionsOption(Options.get("BlockingFunctions", "")),
      CoroutineTypes(qualifiedNames(CoroutineTypesOption)),
      Blocking(qualifiedNames(BlockingFunctionsOption)) {}

void BlockingCallInCoroutineCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  TaskboundCheck::storeOptions(Opts);
  Options.store(Opts, "CoroutineTypes", CoroutineTypesOption);
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
}

void BlockingCallInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // The translation unit, once: check() walks the user code's functions,
  // lambdas' call operators included (a lambda can be a coroutine).
  Finder->addMatcher(translationUnitDecl(), this);
}

void BlockingCallInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  forEachUserFunction(Ctx, [&](const FunctionDecl &Function) {
    if (!Function.isThisDeclarationADefinition() ||
        Function.isDependentContext())
      return;
    if (const auto Kind =
            analysis::eventLoopCoroutine(Function, CoroutineTypes))
      checkCoroutine(Function, *Kind, Ctx);
  });
}

void BlockingCallInCoroutineCheck::checkCoroutine(const FunctionDecl &Function,
                                                  const Coroutine &Kind,
                                                  ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const Stmt *Body = Function.getBody();
  analysis::forEachCallRunInPlace(Body, [&](const CallExpr &Call) {
    const std::optional<analysis::BlockingCall> Found = Blocking.match(Call);
    if (!Found)
      return;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call);
        Member && analysis::isPolledFirst(*Member, Body, Ctx))
      return; // the future is known to be ready
    report(Call, *Found, Function, Kind, SM);
  });
}

void BlockingCallInCoroutineCheck::report(const CallExpr &Call,
                                          const analysis::BlockingCall &Found,
                                          const FunctionDecl &Function,
                                          const Coroutine &Kind,
                                          const SourceManager &SM) {
  // A macro is reported where it is expanded; a template once.
  const SourceLocation Loc = SM.getExpansionLoc(Call.getBeginLoc());
  if (Loc.isInvalid() || SM.isInSystemHeader(Loc) ||
      !Reported.insert(Loc).second)
    return;
  diag(Loc, "%0 blocks the thread running this coroutine and stalls every "
            "other task on its event loop; %1")
      << ("'" + Found.Display + "'") << adviceFor(*Found.Api, Kind.Kind);

  const auto *Method = dyn_cast<CXXMethodDecl>(&Function);
  const bool Lambda = Method && Method->getParent()->isLambda();
  const FunctionDecl *Pattern = Function.getTemplateInstantiationPattern();
  const NamedDecl *Named = Pattern ? Pattern : &Function;
  const SourceLocation At = SM.getExpansionLoc(
      Lambda ? Method->getParent()->getLocation() : Function.getLocation());
  const bool Stackful =
      Kind.Kind == Coroutine::Stackful || Kind.Kind == Coroutine::BoostStackful;
  if (Lambda)
    diag(At,
         Stackful ? "this lambda is a stackful coroutine: it is handed a %0"
                  : "this lambda is a coroutine returning %0",
         DiagnosticIDs::Note)
        << Kind.Type;
  else
    diag(At,
         Stackful ? "%0 is a stackful coroutine: it is handed a %1"
                  : "%0 is a coroutine returning %1",
         DiagnosticIDs::Note)
        << Named << Kind.Type;
}

} // namespace clang::tidy::taskbound
