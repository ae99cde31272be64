/**
 * Layout tests: every fixture's diagram has DI for every element, no overlaps, and edges that
 * connect their shapes in right angles.
 */
package dev.asrun.compiler.layout;
