package africa.easymo.perf.lib.summary;

/**
 * A seed summary that cannot be read or written. The message is one line naming the file and, for bad content, the JSON
 * field path: {@code perf_seed_summary.json: stationRedeemPayloads[3].voucherIds[0]: not a UUID}.
 */
public class SeedSummaryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String fieldPath;

    public SeedSummaryException(String file, String fieldPath, String problem) {
        this(file, fieldPath, problem, null);
    }

    public SeedSummaryException(String file, String fieldPath, String problem, Throwable cause) {
        super(file + ": " + (fieldPath == null || fieldPath.isEmpty() ? "" : fieldPath + ": ") + problem, cause);
        this.file = file;
        this.fieldPath = fieldPath;
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** The JSON path of the bad field, or null when the problem is the file as a whole. */
    public String fieldPath() {
        return fieldPath;
    }
}
