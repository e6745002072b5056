/*
 * Lexical structure of a Dockerfile, following the rules of Docker's (BuildKit's) frontend:
 *
 *  - parser directives ("# escape=`") only before the first line that is not a directive;
 *  - comment lines and blank lines between instructions;
 *  - an instruction runs to the end of its line, unless the line ends with the escape
 *    character (optionally followed by blanks): then the next line continues it, joined
 *    without a separator. Comment lines and blank lines inside a continuation are dropped;
 *  - the input always ends with a newline (DockerfileSyntax adds one where the file has
 *    none), so a continuation on the last line needs no rule of its own;
 *  - after an instruction that opens heredocs (RUN, COPY, ADD, ONBUILD; not in exec form),
 *    the following lines up to each terminator are the heredocs' bodies.
 *
 * The escape character and the heredocs an instruction opens are only known while lexing,
 * so they live in DockerfileLexerBase; the rules below consult it through right-edge
 * predicates and actions, which keeps the lexer's DFA cacheable for ordinary text.
 */
lexer grammar DockerfileLexer;

options { superClass = DockerfileLexerBase; }

// a heredoc's terminator line: HEREDOC_LINE retyped by DockerfileLexerBase.onHeredocLine()
tokens { HEREDOC_END }

@header {
import dev.hoist.dockerfile.syntax.DockerfileLexerBase;
}

fragment NL    : '\r'? '\n' ;
fragment BLANK : [ \t\f\u000B] ;

// ---- at the start of a line, outside any instruction -------------------------------------

BOM : '\uFEFF' {getCharIndex() == 1}? -> skip ;

// "# name=value": a directive while directives are still allowed, otherwise a comment
DIRECTIVE : BLANK* '#' [ \t]* [a-zA-Z] [a-zA-Z0-9]* [ \t]* '=' ~[\r\n]* {directivesAllowed()}? { onDirective(); } ;

COMMENT : BLANK* '#' ~[\r\n]* -> channel(HIDDEN) ;

// an empty line (or the newline ending a comment or directive line)
LINE_END : BLANK* NL -> channel(HIDDEN) ;

TRAILING_BLANKS : BLANK+ -> channel(HIDDEN) ;

// the first text of an instruction: from here to the end of the (logical) line
START_TEXT : BLANK* ~[ \t\f\u000B\r\n#\\`\uFEFF] ~[\\`\r\n]* { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION) ;

START_CONTINUATION : BLANK* [\\`] [ \t]* NL {escapeLeads() && !escapeBefore()}? { startInstruction(); } -> type(CONTINUATION), channel(HIDDEN), pushMode(CONTINUED) ;

START_ESCAPE : BLANK* [\\`\r\uFEFF] { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION) ;

// ---- inside an instruction ---------------------------------------------------------------
mode INSTRUCTION;

TEXT : ~[\\`\r\n]+ ;

// the escape character at the end of a line: the instruction continues on the next line
CONTINUATION : [\\`] [ \t]* NL {escapeLeads() && !escapeBefore()}? -> channel(HIDDEN), mode(CONTINUED) ;

// a backslash or backtick anywhere else, or a carriage return not ending the line
LONE_CHAR : [\\`\r] -> type(TEXT) ;

EOL : NL { endInstruction(); } ;

// ---- at the start of a line that continues an instruction ----------------------------------
mode CONTINUED;

// comment lines and blank lines inside a continuation are dropped, as Docker drops them
SKIPPED_LINE : BLANK* ('#' ~[\r\n]*)? NL -> channel(HIDDEN) ;
SKIPPED_LAST_COMMENT : BLANK* '#' ~[\r\n]* -> type(SKIPPED_LINE), channel(HIDDEN) ;

CONTINUED_TEXT : ~[\\`\r\n]+ -> type(TEXT), mode(INSTRUCTION) ;
CONTINUED_CONTINUATION : [\\`] [ \t]* NL {escapeLeads() && !escapeBefore()}? -> type(CONTINUATION), channel(HIDDEN) ;
CONTINUED_LONE_CHAR : [\\`\r] -> type(TEXT), mode(INSTRUCTION) ;

// ---- heredoc bodies, line by line, after the instruction that opened them -------------------
mode HEREDOC;

HEREDOC_LINE : (~[\n]* '\n' | ~[\n]+) { onHeredocLine(); } ;
