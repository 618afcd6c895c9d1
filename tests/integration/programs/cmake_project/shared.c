int shared_value(void) {
    return 7;
}
