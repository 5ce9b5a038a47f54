package io.pushbench.loadgen.core;

/**
 * One thread's CPU time so far, as the JVM reports it ({@code ThreadMXBean.getThreadCpuTime}).
 *
 * @param id    thread id (unique for the JVM's life: a new thread never reuses a dead one's id)
 * @param name  thread name, for reasons
 * @param cpuNs CPU time the thread has used since it started, ns
 */
public record ThreadCpu(long id, String name, long cpuNs) {
}
