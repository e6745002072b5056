/** Internal, no compatibility promise (may change without notice): the ANTLR-generated Dockerfile lexer and parser. */
package dev.hoist.internal.dockerfile.grammar;
