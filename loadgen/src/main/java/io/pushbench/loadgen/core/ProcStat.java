package io.pushbench.loadgen.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-CPU time counters of one read of Linux's {@code /proc/stat} ({@code cpuN} lines, in clock ticks), and the
 * utilisation of a set of CPUs between two reads: busy ticks / all ticks, summed over the set. Busy is everything but
 * {@code idle} and {@code iowait}, whoever ran: a pinned process shares its CPUs with anything else scheduled there,
 * and saturated CPUs delay it all the same.
 *
 * <pre>{@code
 * ProcStat before = ProcStat.parse(Files.readString(Path.of("/proc/stat")));
 * ...
 * double u = ProcStat.parse(text).utilizationSince(before, CpuSet.parse("1"));   // 0..1, or -1 when unknown
 * }</pre>
 */
public final class ProcStat {
    /** Where Linux publishes it. */
    public static final Path PATH = Path.of("/proc/stat");

    private record Ticks(long busy, long total) {
    }

    private final Map<Integer, Ticks> cpus;

    private ProcStat(Map<Integer, Ticks> cpus) {
        this.cpus = cpus;
    }

    /**
     * Parses the text of {@code /proc/stat}. Only {@code cpuN} lines are used (the aggregate {@code cpu} line and the
     * other counters are ignored); {@code guest} and {@code guest_nice} are left out because {@code user} and
     * {@code nice} already include them.
     */
    public static ProcStat parse(String text) {
        Map<Integer, Ticks> cpus = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("cpu") || line.length() < 4 || !Character.isDigit(line.charAt(3))) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 5) {
                throw new IllegalArgumentException("/proc/stat line has fewer than 4 counters: '" + line + "'");
            }
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {   // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            cpus.put(Integer.parseInt(f[0].substring(3)), new Ticks(total - idle, total));
        }
        return new ProcStat(cpus);
    }

    /** This machine's {@code /proc/stat} now, or null when it cannot be read (not Linux). */
    public static ProcStat readOrNull() {
        try {
            return parse(Files.readString(PATH));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Busy share of the CPUs in {@code set} between {@code earlier} and this read, 0..1; -1 when unknown (a CPU of
     * the set missing from either read, or no tick elapsed).
     */
    public double utilizationSince(ProcStat earlier, CpuSet set) {
        if (earlier == null) {
            return -1;
        }
        long busy = 0;
        long total = 0;
        java.util.BitSet wanted = set.cpus();
        for (int cpu = wanted.nextSetBit(0); cpu >= 0; cpu = wanted.nextSetBit(cpu + 1)) {
            Ticks now = cpus.get(cpu);
            Ticks then = earlier.cpus.get(cpu);
            if (now == null || then == null) {
                return -1;
            }
            busy += now.busy() - then.busy();
            total += now.total() - then.total();
        }
        return total <= 0 ? -1 : Math.min(1.0, Math.max(0.0, (double) busy / total));
    }
}
