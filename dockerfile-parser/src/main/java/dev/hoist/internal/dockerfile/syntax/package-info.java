/** Internal, no compatibility promise (may change without notice): the Dockerfile lexer and parser around the ANTLR grammar, which make the syntax tree, and its JSON and text renderings. */
package dev.hoist.internal.dockerfile.syntax;
