/**
 * Diagnostics tests: every {@code invalid-*} fixture gives exactly its expected errors, every
 * {@code valid-*} fixture none.
 */
package dev.asrun.compiler.diagnostics;
