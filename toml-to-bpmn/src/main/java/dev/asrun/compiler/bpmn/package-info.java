/** Lowering the procedure model to BPMN 2.0 with Camunda extensions, and laying it out (diagram interchange). */
package dev.asrun.compiler.bpmn;
