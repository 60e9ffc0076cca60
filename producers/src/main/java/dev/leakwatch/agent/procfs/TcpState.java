package dev.leakwatch.agent.procfs;

/** The kernel's TCP states as numbered in include/net/tcp_states.h and printed in /proc/net/tcp. */
public enum TcpState {
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    TIME_WAIT(6),
    CLOSE(7),
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11);

    private static final TcpState[] BY_CODE = new TcpState[12];

    static {
        for (TcpState state : values()) {
            BY_CODE[state.code] = state;
        }
    }

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state with this code, or null for codes the kernel does not print for TCP sockets. */
    public static TcpState ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
