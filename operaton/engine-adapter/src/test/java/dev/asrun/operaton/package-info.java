/** Tests of the Operaton build alone: what Operaton reads of the BPMN the compiler writes. */
package dev.asrun.operaton;
