/**
 * The contract between the procedure compiler ({@code toml-to-bpmn}) and the engine side (the
 * engine adapter and the Cockpit plugin): the names the compiler writes into BPMN ({@link
 * Property}, {@link Ids}, {@link FormVariables}, the value sets {@link StepType}, {@link
 * GroupOrder}, {@link FieldType}, {@link SignatureMeaning}) and the one reader that gives the engine side a typed compiled
 * procedure ({@link ProcedureDefinition}). Both sides name these things only through this package,
 * and a round-trip test in the compiler's tests pins that what is written is what is read.
 */
package dev.asrun.contract;
