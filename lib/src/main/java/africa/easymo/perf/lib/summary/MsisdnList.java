package africa.easymo.perf.lib.summary;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable list of MSISDNs packed as ASCII bytes plus offsets: a million targets take ~17 MB instead of a String
 * object each (~60 MB). {@link #get(int)} builds the String on demand.
 */
public final class MsisdnList {
    private static final MsisdnList EMPTY = new MsisdnList(new byte[0], new int[] { 0 }, 0);

    private final byte[] data;
    /** offsets[i] .. offsets[i+1] is element i; length size+1. */
    private final int[] offsets;
    private final int size;

    private MsisdnList(byte[] data, int[] offsets, int size) {
        this.data = data;
        this.offsets = offsets;
        this.size = size;
    }

    public static MsisdnList empty() {
        return EMPTY;
    }

    public static MsisdnList of(List<String> msisdns) {
        Builder b = new Builder(msisdns.size());
        msisdns.forEach(b::add);
        return b.build();
    }

    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        int from = offsets[index];
        return new String(data, from, offsets[index + 1] - from, StandardCharsets.ISO_8859_1);
    }

    /** A read-only view; elements are created on access. */
    public List<String> asList() {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return MsisdnList.this.get(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Bytes held, for capacity reports. */
    public long retainedBytes() {
        return 16L + data.length + 4L * offsets.length;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MsisdnList m) || m.size != size) {
            return false;
        }
        return Arrays.equals(data, 0, offsets[size], m.data, 0, m.offsets[size])
                && Arrays.equals(offsets, 0, size + 1, m.offsets, 0, size + 1);
    }

    @Override
    public int hashCode() {
        int h = size;
        int end = offsets[size];
        for (int i = 0; i < end; i++) {
            h = 31 * h + data[i];
        }
        return h;
    }

    @Override
    public String toString() {
        return "MsisdnList[" + size + (size > 0 ? ", first=" + get(0) : "") + "]";
    }

    /** Appends MSISDNs (ASCII, as they appear in the summary). Not thread-safe. */
    public static final class Builder {
        private byte[] data;
        private int[] offsets;
        private int size;

        private Builder(int expectedSize) {
            int n = Math.max(expectedSize, 16);
            data = new byte[n * 13];
            offsets = new int[n + 1];
        }

        public Builder add(String msisdn) {
            int len = msisdn.length();
            int at = reserve(len);
            for (int i = 0; i < len; i++) {
                data[at + i] = ascii(msisdn.charAt(i));
            }
            return commit(at + len);
        }

        /** Appends from a character buffer (the JSON parser's), already validated as ASCII digits and '+'. */
        public Builder add(char[] buf, int off, int len) {
            int at = reserve(len);
            for (int i = 0; i < len; i++) {
                data[at + i] = ascii(buf[off + i]);
            }
            return commit(at + len);
        }

        private int reserve(int len) {
            int at = offsets[size];
            if (at + len > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length + (data.length >> 1), at + len + 64));
            }
            return at;
        }

        private Builder commit(int end) {
            if (size + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length + (offsets.length >> 1) + 2);
            }
            offsets[++size] = end;
            return this;
        }

        private static byte ascii(char c) {
            if (c > 0x7f) {
                throw new IllegalArgumentException("not an MSISDN: non-ASCII character");
            }
            return (byte) c;
        }

        public int size() {
            return size;
        }

        public MsisdnList build() {
            if (size == 0) {
                return EMPTY;
            }
            // Trimming copies the arrays once more; not worth it (nor the transient heap) for a little slack.
            int used = offsets[size];
            byte[] d = data.length - used > used / 8 ? Arrays.copyOf(data, used) : data;
            int[] o = offsets.length - (size + 1) > (size + 1) / 8 ? Arrays.copyOf(offsets, size + 1) : offsets;
            return new MsisdnList(d, o, size);
        }
    }
}
