/** What every compatibility test checks in the app it adds the plugin to, and its procedure. */
package dev.asrun.compat;
