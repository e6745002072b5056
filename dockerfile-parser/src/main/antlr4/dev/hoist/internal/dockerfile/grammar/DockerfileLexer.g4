/*
 * Lexical structure of a Dockerfile, following the rules of Docker's (BuildKit's) frontend:
 *
 *  - parser directives ("# escape=`") only before the first line that is not a directive;
 *  - comment lines and blank lines between instructions;
 *  - an instruction runs to the end of its line, unless the line ends with the escape
 *    character (optionally followed by blanks) that does not itself follow an escape
 *    character: then the next line continues it, joined without a separator. Comment lines
 *    and blank lines inside a continuation are dropped;
 *  - the input always ends with a newline (DockerfileSyntax adds one where the file has
 *    none), so a continuation on the last line needs no rule of its own;
 *  - after an instruction that opens heredocs (RUN, COPY, ADD, ONBUILD; not in exec form),
 *    the following lines up to each terminator are the heredocs' bodies.
 *
 * The escape character is a backslash unless a directive makes it a backtick. Rather than
 * test it in predicates (which would stop ANTLR from caching the lexer's DFA and make every
 * continuation slow), each line-level mode exists twice: once for each escape character. The
 * escape directive switches to the backtick family; the modes are otherwise identical.
 * What the lexer cannot know from the characters alone (which directives exist, which
 * heredocs an instruction opens) lives in DockerfileLexerBase.
 */
lexer grammar DockerfileLexer;

options { superClass = DockerfileLexerBase; }

// HEREDOC_LINE retyped for a heredoc's terminator line, by DockerfileLexerBase.onHeredocLine()
tokens { HEREDOC_END }

@header {
import dev.hoist.internal.dockerfile.syntax.DockerfileLexerBase;
}

fragment NL    : '\r'? '\n' ;
fragment BLANK : [ \t\f\u000B] ;
fragment LINE_START_BLANKS : BLANK* ;
fragment DIRECTIVE_NAME : [a-zA-Z] [a-zA-Z0-9]* ;

// ---- at the start of a line, outside any instruction (backslash escape) --------------------

BOM : '\uFEFF' {getCharIndex() == 1}? -> skip ;

// "# name=value": a directive while directives are still allowed; onDirective() makes it a
// comment otherwise
DIRECTIVE : LINE_START_BLANKS '#' [ \t]* DIRECTIVE_NAME [ \t]* '=' ~[\r\n]* { onDirective(); } ;

COMMENT : LINE_START_BLANKS '#' ~[\r\n]* -> channel(HIDDEN) ;

// an empty line, or the newline ending a comment or directive line
LINE_END : LINE_START_BLANKS NL -> channel(HIDDEN) ;

TRAILING_BLANKS : BLANK+ -> channel(HIDDEN) ;

// the first text of an instruction, up to the end of the line or an escape character
START_TEXT : LINE_START_BLANKS ~[ \t\f\u000B\r\n#\\\uFEFF] ~[\\\r\n]* { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION) ;
START_CONTINUATION : LINE_START_BLANKS '\\' [ \t]* NL { startInstruction(); } -> type(CONTINUATION), channel(HIDDEN), pushMode(CONTINUED) ;
START_ESCAPES : LINE_START_BLANKS '\\' '\\'+ { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION) ;
START_LONE_CHAR : LINE_START_BLANKS [\\\r\uFEFF] { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION) ;

// ---- inside an instruction (backslash escape) ----------------------------------------------
mode INSTRUCTION;

TEXT : ~[\\\r\n]+ ;

// a single escape character at the end of a line: the instruction continues on the next one
CONTINUATION : '\\' [ \t]* NL -> channel(HIDDEN), mode(CONTINUED) ;

// two or more escape characters: never a continuation (BuildKit: ([^\\])\\[ \t]*$)
ESCAPES : '\\' '\\'+ -> type(TEXT) ;

// an escape character anywhere else, or a carriage return not ending the line
LONE_CHAR : [\\\r] -> type(TEXT) ;

EOL : NL { endInstruction(); } ;

// ---- at the start of a line that continues an instruction (backslash escape) ---------------
mode CONTINUED;

// comment lines and blank lines inside a continuation are dropped, as Docker drops them
SKIPPED_LINE : BLANK* ('#' ~[\r\n]*)? NL -> channel(HIDDEN) ;

CONTINUED_TEXT : ~[\\\r\n]+ -> type(TEXT), mode(INSTRUCTION) ;
CONTINUED_CONTINUATION : '\\' [ \t]* NL -> type(CONTINUATION), channel(HIDDEN) ;
CONTINUED_ESCAPES : '\\' '\\'+ -> type(TEXT), mode(INSTRUCTION) ;
CONTINUED_LONE_CHAR : [\\\r] -> type(TEXT), mode(INSTRUCTION) ;

// ---- the same three modes when the escape character is a backtick --------------------------
mode LINE_START_BACKTICK;

BT_DIRECTIVE : LINE_START_BLANKS '#' [ \t]* DIRECTIVE_NAME [ \t]* '=' ~[\r\n]* { onDirective(); } -> type(DIRECTIVE) ;
BT_COMMENT : LINE_START_BLANKS '#' ~[\r\n]* -> type(COMMENT), channel(HIDDEN) ;
BT_LINE_END : LINE_START_BLANKS NL -> type(LINE_END), channel(HIDDEN) ;
BT_TRAILING_BLANKS : BLANK+ -> type(TRAILING_BLANKS), channel(HIDDEN) ;
BT_START_TEXT : LINE_START_BLANKS ~[ \t\f\u000B\r\n#`\uFEFF] ~[`\r\n]* { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION_BACKTICK) ;
BT_START_CONTINUATION : LINE_START_BLANKS '`' [ \t]* NL { startInstruction(); } -> type(CONTINUATION), channel(HIDDEN), pushMode(CONTINUED_BACKTICK) ;
BT_START_ESCAPES : LINE_START_BLANKS '`' '`'+ { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION_BACKTICK) ;
BT_START_LONE_CHAR : LINE_START_BLANKS [`\r\uFEFF] { startInstruction(); } -> type(TEXT), pushMode(INSTRUCTION_BACKTICK) ;

mode INSTRUCTION_BACKTICK;

BT_TEXT : ~[`\r\n]+ -> type(TEXT) ;
BT_CONTINUATION : '`' [ \t]* NL -> type(CONTINUATION), channel(HIDDEN), mode(CONTINUED_BACKTICK) ;
BT_ESCAPES : '`' '`'+ -> type(TEXT) ;
BT_LONE_CHAR : [`\r] -> type(TEXT) ;
BT_EOL : NL { endInstruction(); } -> type(EOL) ;

mode CONTINUED_BACKTICK;

BT_SKIPPED_LINE : BLANK* ('#' ~[\r\n]*)? NL -> type(SKIPPED_LINE), channel(HIDDEN) ;
BT_CONTINUED_TEXT : ~[`\r\n]+ -> type(TEXT), mode(INSTRUCTION_BACKTICK) ;
BT_CONTINUED_CONTINUATION : '`' [ \t]* NL -> type(CONTINUATION), channel(HIDDEN) ;
BT_CONTINUED_ESCAPES : '`' '`'+ -> type(TEXT), mode(INSTRUCTION_BACKTICK) ;
BT_CONTINUED_LONE_CHAR : [`\r] -> type(TEXT), mode(INSTRUCTION_BACKTICK) ;

// ---- heredoc bodies, line by line, after the instruction that opened them -------------------
mode HEREDOC;

HEREDOC_LINE : (~[\n]* '\n' | ~[\n]+) { onHeredocLine(); } ;
