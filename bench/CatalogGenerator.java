import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a catalog of N procedures of 30 steps each (36 with the steps nested in groups) for the compile benchmark: checks, records
 * with limits, waits, step timeouts, conditions over earlier variables, an any-order group with a
 * nested sequence group, and a reference to a later procedure (so references form chains, never
 * cycles).
 *
 * <p>Usage: {@code java bench/CatalogGenerator.java OUT_DIR [COUNT]}
 */
public class CatalogGenerator {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Files.createDirectories(out);
    for (int p = 0; p < count; p++) {
      Files.writeString(out.resolve(String.format("proc_%04d.toml", p)), procedure(p, count),
          StandardCharsets.UTF_8);
    }
  }

  static String procedure(int p, int count) {
    StringBuilder s = new StringBuilder();
    s.append(String.format("[procedure]%nid = \"proc_%04d\"%nname = \"Generated procedure %d\"%n", p, p));
    s.append("timeout = \"8h\"\nexecutor_groups = [\"operators\"]\n");
    if (p % 10 == 0) {
      s.append("[procedure.context]\ntime_of_day = [\"08:00\", \"09:00\"]\n"
          + "day_of_week = [\"monday\", \"wednesday\"]\n");
    } else if (p % 10 == 1) {
      s.append("[procedure.context]\nduring_action = \"act_" + (p % 7) + "\"\n");
    }
    for (int b = 0; b < 30; b += 10) {
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%nname = \"Step %d\"%n"
          + "instructions = \"Do step %d carefully.\"%ntimeout = \"5m\"%n", b, b, b));
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%ntype = \"check\"%nname = \"Check %d\"%n",
          b + 1, b + 1));
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%ntype = \"record\"%nname = \"Record %d\"%n"
          + "  [[procedure.steps.fields]]%n  variable = \"v%d\"%n  label = \"Value\"%n  type = \"number\"%n"
          + "  unit = \"°C\"%n  min = 0%n  max = 100%n", b + 2, b + 2, b + 2));
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%nname = \"Conditional %d\"%n"
          + "when = \"not s%d or v%d > 50\"%n", b + 3, b + 3, b + 1, b + 2));
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%ntype = \"wait\"%nname = \"Wait %d\"%n"
          + "duration = \"10m\"%n", b + 4, b + 4));
      if (p + 1 < count) {
        s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%nname = \"Sub-procedure\"%n"
            + "reference = \"proc_%04d\"%n", b + 5, p + 1));
      } else {
        s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%nname = \"Step %d\"%n", b + 5, b + 5));
      }
      s.append(String.format("%n[[procedure.steps]]%nid = \"s%d\"%ntype = \"group\"%nname = \"Group %d\"%n"
          + "order = \"any\"%nsteps = [%n", b + 6, b + 6));
      s.append(String.format("  { id = \"s%d\", name = \"Parallel\" },%n", b + 7));
      s.append(String.format("  { id = \"s%d\", name = \"Parallel\", timeout = \"15m\" },%n", b + 8));
      s.append(String.format("  { id = \"s%d\", name = \"Nested\", type = \"group\", steps = [%n"
          + "    { id = \"n%da\", name = \"Nested a\" }, { id = \"n%db\", name = \"Nested b\" } ] },%n",
          b + 9, b, b));
      s.append("]\n");
    }
    return s.toString();
  }
}
