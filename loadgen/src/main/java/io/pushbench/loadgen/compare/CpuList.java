package io.pushbench.loadgen.compare;

import java.util.regex.Pattern;

/** Validates {@code taskset -c} CPU lists such as {@code 0}, {@code 1-3} or {@code 0,2-3}. */
final class CpuList {
    private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    private CpuList() {
    }

    static void validate(String key, String list) {
        if (list != null && !LIST.matcher(list).matches()) {
            throw new IllegalArgumentException(key + " must be a taskset CPU list like 0, 1-3 or 0,2, was '" + list
                    + "'");
        }
    }
}
