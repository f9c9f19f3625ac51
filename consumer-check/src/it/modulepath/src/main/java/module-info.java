/** A user's module: requires dev.weft, nothing else. */
module dev.weft.consumer {
    requires dev.weft;

    exports dev.weft.consumer;
}
