package dev.leakwatch.agent;

import java.util.Arrays;

/**
 * Socket inode to a small code, without boxing: a busy host has a few hundred thousand sockets and
 * the map is refilled every tick. Also serves as a set of inodes (any non-zero code). Open addressing with linear probing; inode 0 (a TIME_WAIT socket,
 * which belongs to no process) is never stored.
 */
final class InodeMap {
    static final byte ABSENT = 0;

    private long[] keys;
    private byte[] values;
    private int size;

    InodeMap(int expected) {
        final int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new byte[capacity];
    }

    void put(long inode, byte value) {
        if (inode == 0 || value == ABSENT) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        final int mask = keys.length - 1;
        int slot = mix(inode) & mask;
        while (keys[slot] != 0 && keys[slot] != inode) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            size++;
            keys[slot] = inode;
        }
        values[slot] = value;
    }

    /** The code of the inode, or {@link #ABSENT}. */
    byte get(long inode) {
        if (inode == 0) {
            return ABSENT;
        }
        final int mask = keys.length - 1;
        int slot = mix(inode) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == inode) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    int size() {
        return size;
    }

    /** Forgets every entry and keeps the capacity, so that a map refilled every tick is allocated once. */
    void clear() {
        if (size > 0) {
            Arrays.fill(keys, 0);
            size = 0;
        }
    }

    private void grow() {
        final long[] oldKeys = keys;
        final byte[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new byte[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int mix(long inode) {
        final long h = inode * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
