/*
 * Go's text/template language: text, actions, control structures (if/else if/else, range with
 * else/break/continue, with/else, define/template/block) and pipelines of commands.
 * Checks the grammar cannot express (break outside range, undefined variables and functions,
 * a declaration of a variable with fields) are made by TemplateBuilder.
 */
parser grammar GoTemplateParser;

options { tokenVocab = GoTemplateLexer; }

template : list EOF ;

list : item* ;

item
  : TEXT                                                         # text
  | COMMENT                                                      # comment
  | open IF pipeline close list elseIf* elseBranch? open END close # ifAction
  | open RANGE pipeline close list elseBranch? open END close    # rangeAction
  | open WITH pipeline close list elseBranch? open END close     # withAction
  | open DEFINE string close list open END close                 # defineAction
  | open BLOCK string pipeline close list open END close         # blockAction
  | open TEMPLATE string pipeline? close                         # templateAction
  | open BREAK close                                             # breakAction
  | open CONTINUE close                                          # continueAction
  | open pipeline close                                          # pipelineAction
  ;

elseIf : open ELSE IF pipeline close list ;

elseBranch : open ELSE close list ;

open : OPEN | OPEN_TRIM ;

close : CLOSE | CLOSE_TRIM ;

string : STRING | RAW_STRING ;

pipeline : declaration? command (PIPE command)* ;

declaration : VARIABLE (COMMA VARIABLE)? (DECLARE | ASSIGN) ;

command : operand+ ;

operand
  : FIELD
  | DOT
  | VARIABLE
  | IDENT
  | STRING
  | RAW_STRING
  | CHAR
  | NUMBER
  | TRUE
  | FALSE
  | NIL
  | LPAREN pipeline (RPAREN | RPAREN_FIELD)
  ;
