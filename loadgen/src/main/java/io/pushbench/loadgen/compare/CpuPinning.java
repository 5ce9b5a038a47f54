package io.pushbench.loadgen.compare;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides where the server and the load generator run. Fairness needs them on separate CPUs so that neither steals
 * the other's cycles in a way that differs between transports; {@code taskset} does it on Linux. The decision,
 * pinned or not and why, is stored in results.json so a reader knows how the figures were taken.
 *
 * <pre>{@code
 * CpuPinning pin = CpuPinning.decide(profile, CpuPinning.tasksetAvailable(), Runtime.getRuntime().availableProcessors());
 * pin.serverCpus();   // "0" on a 2-CPU machine with taskset, null when not pinned
 * }</pre>
 *
 * @param pinned      whether the children are started under taskset
 * @param serverCpus  server CPU list, null when not pinned
 * @param loadgenCpus load generator CPU list, null when not pinned
 * @param note        one line for the console and results.json
 */
public record CpuPinning(boolean pinned, String serverCpus, String loadgenCpus, String note) {

    /** Decides from the profile's pin mode, whether taskset exists and the number of CPUs. */
    public static CpuPinning decide(CompareProfile p, boolean taskset, int cpus) {
        if (p.pin() == PinMode.OFF) {
            return new CpuPinning(false, null, null, "not pinned (pin: off)");
        }
        String why = !taskset ? "taskset not found" : cpus < 2 ? "only " + cpus + " CPU" : null;
        if (why != null) {
            if (p.pin() == PinMode.ON) {
                throw new IllegalArgumentException("pin: on needs taskset and at least 2 CPUs (" + why + ")");
            }
            return new CpuPinning(false, null, null, "not pinned (" + why + ")");
        }
        String server = p.serverCpus() != null ? p.serverCpus() : "0";
        String loadgen = p.loadgenCpus() != null ? p.loadgenCpus() : cpus == 2 ? "1" : "1-" + (cpus - 1);
        return new CpuPinning(true, server, loadgen,
                "pinned with taskset: server on CPU " + server + ", load generator on CPU " + loadgen);
    }

    /** Whether a {@code taskset} executable is on the PATH. */
    public static boolean tasksetAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && new File(dir, "taskset").canExecute()) {
                return true;
            }
        }
        return false;
    }

    /** The decision as stored in results.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pinned", pinned);
        m.put("serverCpus", serverCpus);
        m.put("loadgenCpus", loadgenCpus);
        m.put("note", note);
        return m;
    }
}
