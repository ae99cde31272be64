/** Fuzz tests: mutated procedure files give diagnostics or parseable BPMN, never an exception. */
package dev.asrun.compiler.fuzz;
