/** The procedure compiler's public API: TOML catalog in, diagnostics and BPMN 2.0 XML out. */
package dev.asrun.compiler;
