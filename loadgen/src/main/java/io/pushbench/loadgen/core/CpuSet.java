package io.pushbench.loadgen.core;

import java.util.BitSet;

/**
 * A set of CPU numbers in the kernel's list format ({@code taskset -c}, {@code Cpus_allowed_list},
 * {@code /sys/devices/system/cpu/online}): {@code 0}, {@code 0-1}, {@code 0,2-3}.
 *
 * <pre>{@code
 * CpuSet pinned = CpuSet.parse("1,3");
 * pinned.contains(3);   // true
 * pinned.size();        // 2
 * }</pre>
 *
 * @param cpus the CPUs; never empty
 * @param text the list as given (trimmed), used in reasons so the user recognises their own argument
 */
public record CpuSet(BitSet cpus, String text) {
    public CpuSet {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("a CPU set must hold at least one CPU, was '" + text + "'");
        }
        cpus = (BitSet) cpus.clone();
    }

    /** Parses a kernel CPU list; one-line message when malformed. */
    public static CpuSet parse(String list) {
        if (list == null || !list.trim().matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*")) {
            throw new IllegalArgumentException("CPU list must look like 0 or 0-1 or 0,2-3, was '" + list + "'");
        }
        String text = list.trim();
        BitSet set = new BitSet();
        for (String part : text.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (to < from || to > 4095) {
                throw new IllegalArgumentException("CPU range '" + part + "' in '" + text + "' must be a..b with"
                        + " a <= b <= 4095");
            }
            set.set(from, to + 1);
        }
        return new CpuSet(set, text);
    }

    /** A copy of the CPUs. */
    @Override
    public BitSet cpus() {
        return (BitSet) cpus.clone();
    }

    public boolean contains(int cpu) {
        return cpus.get(cpu);
    }

    public int size() {
        return cpus.cardinality();
    }

    /** Whether this set lacks some CPU of {@code all} (the process cannot run everywhere: it is pinned). */
    public boolean isStrictSubsetOf(CpuSet all) {
        BitSet outside = cpus();
        outside.andNot(all.cpus);
        return outside.isEmpty() && size() < all.size();
    }

    @Override
    public String toString() {
        return text;
    }
}
