//! Criteria and descriptions are markdown written by issuers, i.e. attacker-controlled.
//! They are rendered to HTML here with every raw HTML block and inline tag turned into
//! visible text, images dropped (nothing is loaded from an issuer's server), and links
//! kept only for `https:`, `http:` and `mailto:`. The UI may insert the result as HTML.

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Renders markdown to HTML that contains no raw HTML from the input.
pub fn render_markdown_safely(markdown: &str) -> String {
    let mut in_image = 0usize;
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES).filter_map(
        |event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                None
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                None
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => Some(Event::Start(Tag::Link {
                link_type: if safe_link(&dest_url) { link_type } else { LinkType::Inline },
                dest_url: if safe_link(&dest_url) { dest_url } else { CowStr::Borrowed("#") },
                title,
                id,
            })),
            other if in_image > 0 => match other {
                Event::Text(t) => Some(Event::Text(t)),
                _ => None,
            },
            other => Some(other),
        },
    );
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events);
    out
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https:", "http:", "mailto:"].iter().any(|scheme| lower.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::render_markdown_safely;

    #[test]
    fn raw_html_becomes_text() {
        let html =
            render_markdown_safely("Do **this**.\n\n<script>alert(1)</script>\n\nand <img src=x onerror=alert(1)>");
        assert!(html.contains("<strong>this</strong>"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn unsafe_links_and_images_are_defused() {
        let html = render_markdown_safely(
            "[x](javascript:alert(1)) [y](https://example.org) ![pic](https://tracker.example/p.png)",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.org\""));
        assert!(!html.contains("tracker"), "{html}");
        assert!(html.contains("pic"));
    }
}
