package africa.easymo.perf.journeys.redeem;

/** How a normal redeem of one voucher ended, as far as this run can tell. */
enum RedeemAttempt {
    /** 200/201 with status redeemed (whatever its latency): the voucher must be redeemed in the database. */
    SUCCEEDED,
    /** 409 already_redeemed: another run or engine took it first; not ours to account for. */
    TAKEN_ELSEWHERE,
    /** Any other definite answer (4xx): the voucher must not have been redeemed by this request. */
    REJECTED,
    /** 5xx, timeout, dropped connection: the server may or may not have committed. */
    UNKNOWN
}
