/**
 * The example app's commands on its as-run record ({@code verify}, {@code rebuild-index}), run
 * against the app's configured database without starting the app.
 */
package dev.asrun.examples.commands;
