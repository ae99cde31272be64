/** Tests that run the compiler's BPMN in a real Camunda 7 engine and work it as Tasklist does. */
package dev.asrun.compiler.execution;
