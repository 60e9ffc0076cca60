package dev.leakwatch.streams;

/** A process incarnation as the record key spells it: {@code host/pid/start_time}. */
record ProcessIdentity(String host, int pid, long startTime, String key) {

    /** Parses a key; the host may itself contain no '/' (the agent refuses such names). */
    static ProcessIdentity parse(String key) {
        int first = key.indexOf('/');
        int second = key.indexOf('/', first + 1);
        if (first <= 0 || second < 0 || key.indexOf('/', second + 1) >= 0) {
            throw new IllegalArgumentException("not a process key (host/pid/start_time): " + key);
        }
        try {
            return new ProcessIdentity(key.substring(0, first), Integer.parseInt(key.substring(first + 1, second)),
                    Long.parseLong(key.substring(second + 1)), key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a process key (host/pid/start_time): " + key, e);
        }
    }
}
