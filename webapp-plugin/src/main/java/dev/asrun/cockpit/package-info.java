/** The as-run Cockpit plugin: its registration, its REST resources and the data its pages show. */
package dev.asrun.cockpit;
