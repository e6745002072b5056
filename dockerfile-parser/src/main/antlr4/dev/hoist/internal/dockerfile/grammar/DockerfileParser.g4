/*
 * A Dockerfile: parser directives, then instructions. Each instruction is the text of one
 * logical line (continuations already joined by the lexer, which hides them) followed by
 * the bodies of the heredocs it opened. What the text means (flags, exec or shell form,
 * key=value pairs) is decided by Docker's per-instruction rules in dev.hoist.internal.dockerfile.syntax.
 */
parser grammar DockerfileParser;

options { tokenVocab = DockerfileLexer; }

dockerfile : directive* instruction* EOF ;

directive : DIRECTIVE ;

instruction : TEXT+ EOL heredoc* ;

heredoc : HEREDOC_LINE* HEREDOC_END ;
