/** The {@code when} language: a small, safe condition syntax, its type check and its lowering to JUEL. */
package dev.asrun.compiler.condition;
