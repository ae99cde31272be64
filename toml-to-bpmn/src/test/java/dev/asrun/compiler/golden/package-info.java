/** Golden tests: each catalog under {@code golden/} compiles to exactly its checked-in BPMN. */
package dev.asrun.compiler.golden;
