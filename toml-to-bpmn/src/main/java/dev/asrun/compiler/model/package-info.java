/** The validated procedure model: what a TOML procedure says, independent of TOML and of BPMN. */
package dev.asrun.compiler.model;
