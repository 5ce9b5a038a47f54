package io.pushbench.loadgen.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Optional CPU pinning of the child JVMs with {@code taskset -c LIST}, applied only when {@code taskset} exists;
 * results record whether it was.
 */
public record Pinning(String taskset) {
    public static Pinning detect(String serverCpus, String loadgenCpus) {
        if (serverCpus == null && loadgenCpus == null) {
            return new Pinning(null);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "taskset");
            if (Files.isExecutable(p)) {
                return new Pinning(p.toString());
            }
        }
        return new Pinning(null);
    }

    public boolean applied() {
        return taskset != null;
    }

    public List<String> prefix(String cpus) {
        if (taskset == null || cpus == null || cpus.isBlank()) {
            return List.of();
        }
        if (!cpus.matches("[0-9,\\-]+")) {
            throw new IllegalArgumentException("CPU list must look like 0 or 0-1 or 0,2, was '" + cpus + "'");
        }
        return List.of(taskset, "-c", cpus);
    }

    public Map<String, Object> describe(String serverCpus, String loadgenCpus) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", serverCpus != null || loadgenCpus != null);
        m.put("applied", applied() && (serverCpus != null || loadgenCpus != null));
        m.put("serverCpus", serverCpus);
        m.put("loadgenCpus", loadgenCpus);
        return m;
    }
}
