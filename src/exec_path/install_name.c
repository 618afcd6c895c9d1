#include "exec_path/install_name.h"

#include <string.h>

static bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool wsd_valid_install_name(const char *name) {
    size_t n = strlen(name);
    if (n == 0 || n > WSD_INSTALL_NAME_MAX || !is_alnum(name[0]) || strstr(name, "..") != NULL)
        return false;
    for (const char *p = name; *p; ++p)
        if (!is_alnum(*p) && *p != '.' && *p != '_' && *p != '+' && *p != '-')
            return false;
    return true;
}

static bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

char *wsd_pin_value(char *text) {
    char *line = text;
    for (;;) {
        char *end = strchr(line, '\n');
        char *b = line, *e = end ? end : line + strlen(line);
        while (b < e && is_blank(*b))
            ++b;
        while (e > b && is_blank(e[-1]))
            --e;
        if (b < e && *b != '#') {
            size_t n = (size_t)(e - b);
            memmove(text, b, n);
            text[n] = '\0';
            return text;
        }
        if (!end)
            break;
        line = end + 1;
    }
    text[0] = '\0';
    return text;
}
