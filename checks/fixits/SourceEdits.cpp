//===-- SourceEdits.cpp - source text, edits and blocks for the rewrites --===//
//
// Part of taskbound, under the Apache License v2.0 with LLVM Exceptions.
// See the LICENSE file at the top of the repository for license information.
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "RewriteParts.h"

#include "clang-tidy/utils/LexerUtils.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::taskbound::fixits {

std::optional<std::string> textOf(SourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid() || R.getBegin().isMacroID() || R.getEnd().isMacroID())
    return std::nullopt;
  bool Invalid = false;
  const llvm::StringRef Text =
      Lexer::getSourceText(CharSourceRange::getTokenRange(R),
                           Ctx.getSourceManager(), Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.empty())
    return std::nullopt;
  return Text.str();
}

std::optional<std::string> textOf(const Stmt *S, const ASTContext &Ctx) {
  return S ? textOf(S->getSourceRange(), Ctx) : std::nullopt;
}

std::optional<std::string> textBetween(SourceLocation Begin, SourceLocation End,
                                       const ASTContext &Ctx) {
  if (Begin.isInvalid() || End.isInvalid() || Begin.isMacroID() ||
      End.isMacroID())
    return std::nullopt;
  bool Invalid = false;
  const llvm::StringRef Text =
      Lexer::getSourceText(CharSourceRange::getCharRange(Begin, End),
                           Ctx.getSourceManager(), Ctx.getLangOpts(), &Invalid);
  if (Invalid || Text.trim().empty())
    return std::nullopt;
  return Text.trim().str();
}

SourceRange statementRange(const Stmt *S, const ASTContext &Ctx) {
  const SourceLocation End = utils::lexer::getUnifiedEndLoc(
      *S, Ctx.getSourceManager(), Ctx.getLangOpts());
  return {S->getBeginLoc(), End.isValid() ? End : S->getEndLoc()};
}

FixItHint replaceStatement(const Stmt *S, llvm::StringRef Text,
                           const ASTContext &Ctx) {
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(statementRange(S, Ctx)), Text);
}

FixItHint removeStatement(const Stmt *S, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const SourceRange R = statementRange(S, Ctx);
  const SourceLocation AfterEnd =
      Lexer::getLocForEndOfToken(R.getEnd(), 0, SM, Ctx.getLangOpts());
  const auto [File, Begin] = SM.getDecomposedLoc(R.getBegin());
  const unsigned End = SM.getFileOffset(AfterEnd);
  const llvm::StringRef Buffer = SM.getBufferData(File);
  // The statement alone on its line(s): delete it with the newline before
  // it, so no blank line is left behind. (Ending the removal at its own
  // newline rather than at the next line's indentation keeps clang's fix-it
  // merging, which widens a removal followed by a space, from eating one
  // column of that indentation under clang-tidy but not under clangd.)
  const std::size_t LineStart = Buffer.rfind('\n', Begin) + 1; // npos + 1 == 0
  const std::size_t LineEnd = Buffer.find('\n', End);
  const bool Alone = Buffer.slice(LineStart, Begin).trim().empty() &&
                     LineEnd != llvm::StringRef::npos &&
                     Buffer.slice(End, LineEnd).trim().empty();
  if (!Alone)
    return FixItHint::CreateRemoval(
        CharSourceRange::getCharRange(R.getBegin(), AfterEnd));
  const SourceLocation FileStart = SM.getLocForStartOfFile(File);
  const std::size_t From = LineStart > 0 ? LineStart - 1 : LineStart;
  const std::size_t To = LineStart > 0 ? LineEnd : LineEnd + 1;
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      FileStart.getLocWithOffset(static_cast<int>(From)),
      FileStart.getLocWithOffset(static_cast<int>(To))));
}

std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto [File, Offset] = SM.getDecomposedLoc(SM.getFileLoc(Loc));
  const llvm::StringRef Buffer = SM.getBufferData(File);
  const std::size_t LineStart = Buffer.rfind('\n', Offset) + 1;
  const llvm::StringRef Line = Buffer.substr(LineStart);
  return Line.take_while([](char C) { return C == ' ' || C == '\t'; }).str();
}

namespace {

/// Every name a function declares or refers to.
class NameCollector : public RecursiveASTVisitor<NameCollector> {
public:
  llvm::StringSet<> Names;
  bool VisitNamedDecl(NamedDecl *D) {
    if (D->getIdentifier())
      Names.insert(D->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getIdentifier())
      Names.insert(E->getDecl()->getName());
    return true;
  }
};

} // namespace

std::string freshName(llvm::StringRef Base, const FunctionDecl &Function) {
  NameCollector Used;
  Used.TraverseDecl(const_cast<FunctionDecl *>(&Function));
  std::string Name = Base.str();
  for (unsigned N = 2; Used.Names.contains(Name); ++N)
    Name = (Base + "_" + llvm::Twine(N)).str();
  return Name;
}

bool editable(llvm::ArrayRef<FixItHint> Edits, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::optional<FileID> File;
  for (const FixItHint &Edit : Edits) {
    const SourceLocation B = Edit.RemoveRange.getBegin(),
                         E = Edit.RemoveRange.getEnd();
    if (B.isInvalid() || B.isMacroID() || E.isMacroID())
      return false;
    const FileID Here = SM.getFileID(B);
    if (File && *File != Here)
      return false;
    File = Here;
  }
  return File.has_value();
}

std::string mapOptionsArgument(const RewriteContext &RC) {
  if (!RC.MaxInFlight)
    return "";
  return (", {.max_in_flight = " + llvm::Twine(*RC.MaxInFlight) + "}").str();
}

const CompoundStmt *blockOf(const Stmt *S, const ParentMap &PM) {
  return dyn_cast_or_null<CompoundStmt>(PM.getParent(S));
}

llvm::ArrayRef<const Stmt *> statementsAfter(const CompoundStmt *Block,
                                             const Stmt *S) {
  llvm::ArrayRef<const Stmt *> All(Block->body_begin(), Block->body_end());
  const auto *It = llvm::find(All, S);
  return It == All.end() ? llvm::ArrayRef<const Stmt *>()
                         : All.drop_front(It - All.begin() + 1);
}

const Stmt *soleStatement(const Stmt *Body) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Body))
    return Block->size() == 1 ? Block->body_front() : nullptr;
  return Body;
}

} // namespace clang::tidy::taskbound::fixits
