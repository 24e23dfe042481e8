// nlynl in C++17, on nlrs.hpp: any netlink family from its description (nlrs::family), with the
// same command line, output, exit codes and error text as nlynl.c.
//
//     nlynl_cpp --family NAME [--spec FILE] (--do OP | --dump OP) [--json JSON] [--output-json]
//               [--create] [--excl] [--replace] [--append]
//     nlynl_cpp --family NAME [--spec FILE] --subscribe GROUP [--sleep SECONDS]
//     nlynl_cpp --family NAME [--spec FILE] --list-ops
//     nlynl_cpp --list-families
//     nlynl_cpp --family NAME [--spec FILE] --check
//
// Messages are printed one JSON object per line; with --output-json, stdout is one JSON array
// of them. Errors go to stderr as `error: <errno text>: <kernel text> (attribute PATH)` with
// exit status 1; bad usage exits with 2. --check prints one line per difference between the
// description and the kernel and exits with 1 when there is any. The family frees itself.
//
// One difference: `--json ''` sends no attributes (nlrs::family takes an empty text for none),
// where nlynl.c reports the empty text as JSON that is not valid.
#include "nlrs.hpp"

#include <getopt.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void usage()
{
    std::cerr << "usage: nlynl --family NAME [--spec FILE] (--do OP | --dump OP) [--json JSON] [--output-json]\n"
                 "             [--create] [--excl] [--replace] [--append]\n"
                 "       nlynl --family NAME [--spec FILE] --subscribe GROUP [--sleep SECONDS]\n"
                 "       nlynl --family NAME [--spec FILE] --list-ops\n"
                 "       nlynl --list-families\n"
                 "       nlynl --family NAME [--spec FILE] --check\n";
    std::exit(2);
}

/// Prints messages: one per line, or the items of one JSON array.
class printer {
public:
    explicit printer(bool json_array) noexcept : json_array_(json_array) {}

    /// One message, flushed at once (notifications are read as they come).
    void message(std::string_view json)
    {
        if (json_array_)
            std::cout << (count_ > 0 ? ",\n" : "[") << json;
        else
            std::cout << json << '\n';
        count_++;
        std::cout.flush();
    }

    /// The end of the output: the array's closing bracket (the whole "[]" when it is empty).
    void end() const
    {
        if (json_array_)
            std::cout << (count_ > 0 ? "" : "[") << "]\n";
    }

    /// A do's replies, which family::do_op() hands out as one JSON array: whole with
    /// --output-json, and otherwise only when the kernel sent any (a change is answered with
    /// an ACK alone, "[]", and then nothing is printed).
    void replies(std::string_view array) const
    {
        if (json_array_ || array != "[]")
            std::cout << array << '\n';
    }

private:
    bool json_array_;
    int count_ = 0;
};

/// Opens the family NAME: from the description file `spec` when given, else the built-in one.
/// Prints the error and returns none when it cannot (the caller exits with 1: outside the
/// handler, so that no exception is left alive at exit).
std::optional<nlrs::family> open_family(const std::string &name, const char *spec)
{
    try {
        if (spec != nullptr)
            return nlrs::family::load(spec);
        return nlrs::family(name);
    } catch (const nlrs::error &e) {
        if (spec == nullptr && e.code() == std::errc::no_such_file_or_directory)
            std::cerr << "error: no built-in description of family '" << name << "' (try --spec FILE)\n";
        else
            std::cerr << "error: " << e.what() << '\n';
        return std::nullopt;
    }
}

/// Prints the notifications of `group` as they come, for `seconds`.
void follow(nlrs::family &fam, const std::string &group, double seconds, printer &p)
{
    using clock = std::chrono::steady_clock;
    fam.subscribe(group);
    pollfd pfd{};
    pfd.fd = fam.fd();
    pfd.events = POLLIN;
    const auto deadline = clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        fam.process([&p](std::string_view json) { p.message(json); });
        const std::chrono::duration<double, std::milli> left = deadline - clock::now();
        if (left.count() <= 0)
            break;
        if (poll(&pfd, 1, static_cast<int>(left.count()) + 1) < 0 && errno != EINTR)
            throw nlrs::error(-errno, {}, {});
    }
    p.end();
}

}  // namespace

int main(int argc, char **argv)
{
    enum {
        OPT_FAMILY = 1, OPT_SPEC, OPT_DO, OPT_DUMP, OPT_JSON, OPT_OUTPUT_JSON, OPT_SUBSCRIBE,
        OPT_SLEEP, OPT_LIST_OPS, OPT_LIST_FAMILIES, OPT_CHECK, OPT_CREATE, OPT_EXCL,
        OPT_REPLACE, OPT_APPEND,
    };
    static const option options[] = {
        {"family", required_argument, nullptr, OPT_FAMILY},
        {"spec", required_argument, nullptr, OPT_SPEC},
        {"do", required_argument, nullptr, OPT_DO},
        {"dump", required_argument, nullptr, OPT_DUMP},
        {"json", required_argument, nullptr, OPT_JSON},
        {"output-json", no_argument, nullptr, OPT_OUTPUT_JSON},
        {"subscribe", required_argument, nullptr, OPT_SUBSCRIBE},
        {"sleep", required_argument, nullptr, OPT_SLEEP},
        {"list-ops", no_argument, nullptr, OPT_LIST_OPS},
        {"list-families", no_argument, nullptr, OPT_LIST_FAMILIES},
        {"check", no_argument, nullptr, OPT_CHECK},
        {"create", no_argument, nullptr, OPT_CREATE},
        {"excl", no_argument, nullptr, OPT_EXCL},
        {"replace", no_argument, nullptr, OPT_REPLACE},
        {"append", no_argument, nullptr, OPT_APPEND},
        {nullptr, 0, nullptr, 0},
    };
    const char *family = nullptr, *spec = nullptr, *do_op = nullptr, *dump_op = nullptr, *json = nullptr;
    const char *group = nullptr;
    double sleep_s = 0;
    bool output_json = false, list_ops = false, list_fams = false, check = false;
    int actions = 0;
    std::uint16_t flags = 0;
    int c;

    opterr = 0;
    while ((c = getopt_long(argc, argv, "", options, nullptr)) != -1) {
        switch (c) {
        case OPT_FAMILY: family = optarg; break;
        case OPT_SPEC: spec = optarg; break;
        case OPT_DO: do_op = optarg; actions++; break;
        case OPT_DUMP: dump_op = optarg; actions++; break;
        case OPT_JSON: json = optarg; break;
        case OPT_OUTPUT_JSON: output_json = true; break;
        case OPT_SUBSCRIBE: group = optarg; actions++; break;
        case OPT_SLEEP: {
            // strtod() as nlynl.c reads it (std::from_chars would refuse a leading '+').
            char *end = nullptr;
            errno = 0;
            sleep_s = std::strtod(optarg, &end);
            if (errno != 0 || *end != '\0' || sleep_s < 0)
                usage();
            break;
        }
        case OPT_LIST_OPS: list_ops = true; actions++; break;
        case OPT_LIST_FAMILIES: list_fams = true; actions++; break;
        case OPT_CHECK: check = true; actions++; break;
        case OPT_CREATE: flags |= NLRS_NLM_F_CREATE; break;
        case OPT_EXCL: flags |= NLRS_NLM_F_EXCL; break;
        case OPT_REPLACE: flags |= NLRS_NLM_F_REPLACE; break;
        case OPT_APPEND: flags |= NLRS_NLM_F_APPEND; break;
        default: usage();
        }
    }
    if (optind != argc || actions != 1)
        usage();
    if (list_fams) {
        if (family != nullptr || spec != nullptr || json != nullptr)
            usage();
        for (std::string_view name : nlrs::family::builtins())
            std::cout << name << '\n';
        return 0;
    }
    if (family == nullptr || (json != nullptr && do_op == nullptr && dump_op == nullptr) || (sleep_s > 0 && group == nullptr))
        usage();

    std::optional<nlrs::family> opened = open_family(family, spec);
    if (!opened)
        return 1;
    nlrs::family &fam = *opened;
    printer p(output_json);
    const std::string request = json != nullptr ? json : "";
    try {
        if (list_ops) {
            for (const auto &op : fam.ops())
                std::cout << op.name << " [" << (op.can_do ? "do" : "") << (op.can_do && op.can_dump ? ", " : "")
                          << (op.can_dump ? "dump" : "") << "]\n";
        } else if (check) {
            std::string_view report = fam.check_kernel();
            std::cout << (report.empty() ? "the description agrees with the kernel\n" : report);
            return report.empty() ? 0 : 1;
        } else if (do_op != nullptr) {
            p.replies(fam.do_op(do_op, request, flags));
        } else if (dump_op != nullptr) {
            for (std::string_view msg : fam.dump(dump_op, request))
                p.message(msg);
            p.end();
        } else {
            follow(fam, group, sleep_s, p);
        }
        return 0;
    } catch (const nlrs::error &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
