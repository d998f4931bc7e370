//! `turnback expressions`: a URL's Safe Browsing expressions, in spec
//! order.

use crate::fixture::turnback;

#[test]
fn prints_them_in_spec_order() {
    let out = turnback(["expressions", "http://a.b.c/1/2.html?param=1"]);
    out.code(0);
    assert_eq!(
        out.stdout(),
        "a.b.c/1/2.html?param=1\na.b.c/1/2.html\na.b.c/\na.b.c/1/\n\
         b.c/1/2.html?param=1\nb.c/1/2.html\nb.c/\nb.c/1/\n"
    );
}

#[test]
fn of_an_ip_have_no_host_suffixes() {
    let out = turnback(["expressions", "http://1.2.3.4/1/"]);
    out.code(0);
    assert_eq!(out.stdout(), "1.2.3.4/1/\n1.2.3.4/\n");
}

#[test]
fn rejects_an_invalid_url() {
    let err = turnback(["expressions", "   "]).refused();
    assert!(err.contains("empty url"), "{err}");
}
