/**
 * numfuse's expression language: numexpr's subset of Python expressions, parsed into a syntax
 * tree. {@link io.numfuse.Num#eval(String, java.util.Map)} parses a string with
 * {@link io.numfuse.expr.ExprParser} and binds the tree's names to arrays; most programs need
 * nothing else from this package. Precedence, associativity, literals and chained comparisons are
 * Python's, so that a string means what it means to NumPy; a string that is not in the language
 * is an {@link io.numfuse.expr.ExpressionSyntaxException} whose one-line message points at the
 * column. Input length, nesting and tree height are bounded, so that no expression can overflow a
 * thread's stack.
 */
package io.numfuse.expr;
