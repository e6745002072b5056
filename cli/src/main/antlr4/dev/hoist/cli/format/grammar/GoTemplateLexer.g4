/*
 * Lexical structure of Go's text/template language (as docker's --format uses it).
 * Text runs up to "{{"; an action runs from "{{" (or "{{- ", which trims the whitespace
 * before it) to "}}" (or " -}}", which trims the whitespace after it). A comment
 * "{{/* ... * /}}" (without the blank) is one token. Inside an action, whitespace separates arguments, so it is kept
 * on the hidden channel rather than dropped; field chains are one token (".A.B", "$x.A",
 * and ").A" after a parenthesised pipeline) so that ".A .B" (two arguments) and ".A.B" (one)
 * differ without predicates.
 */
lexer grammar GoTemplateLexer;

COMMENT : '{{' ('-' [ \t\r\n]+)? '/*' .*? '*/' ([ \t\r\n]+ '-')? '}}' ;
// a comment not followed by the closing delimiter: an error ("comment ends before closing delimiter")
BAD_COMMENT : '{{' ('-' [ \t\r\n]+)? '/*' .*? '*/' ;
OPEN_TRIM : '{{-' [ \t\r\n] -> pushMode(ACTION) ;
OPEN : '{{' -> pushMode(ACTION) ;
TEXT : (~'{' | '{' ~'{')+ ;
LONE_BRACE : '{' -> type(TEXT) ;

mode ACTION;
CLOSE_TRIM : [ \t\r\n]+ '-}}' -> popMode ;
CLOSE : '}}' -> popMode ;
WS : [ \t\r\n]+ -> channel(HIDDEN) ;
IF : 'if' ;
ELSE : 'else' ;
END : 'end' ;
RANGE : 'range' ;
WITH : 'with' ;
DEFINE : 'define' ;
TEMPLATE : 'template' ;
BLOCK : 'block' ;
BREAK : 'break' ;
CONTINUE : 'continue' ;
TRUE : 'true' ;
FALSE : 'false' ;
NIL : 'nil' ;
DECLARE : ':=' ;
ASSIGN : '=' ;
PIPE : '|' ;
COMMA : ',' ;
LPAREN : '(' ;
RPAREN_FIELD : ')' ('.' IDENT_PART)+ ;
RPAREN : ')' ;
FIELD : ('.' IDENT_PART)+ ;
DOT : '.' ;
VARIABLE : '$' [a-zA-Z_0-9]* ('.' IDENT_PART)* ;
STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
RAW_STRING : '`' ~'`'* '`' ;
CHAR : '\'' (~['\\\r\n] | '\\' ~[\r\n])+ '\'' ;
NUMBER
  : [+-]? ( '0' [xX] [0-9a-fA-F_]+
          | '0' [bB] [01_]+
          | '0' [oO] [0-7_]+
          | [0-9] [0-9_]* ('.' [0-9_]*)? ([eE] [+-]? [0-9]+)?
          | '.' [0-9]+ ([eE] [+-]? [0-9]+)? )
  ;
IDENT : IDENT_PART ;
UNEXPECTED : . ;

fragment IDENT_PART : [a-zA-Z_] [a-zA-Z_0-9]* ;
