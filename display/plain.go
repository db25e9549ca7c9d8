package display

import (
	"html"
	"strings"
)

// maxPlain bounds the text/plain made from HTML; the fallback is a summary
// for text frontends, not a copy.
const maxPlain = 2000

// stripTags returns the text of an HTML fragment: tags, comments and the
// content of script and style elements removed, entities decoded, runs of
// white space collapsed. It is a fallback, not an HTML parser: malformed
// input gives odd text but never fails.
func stripTags(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<!--"):
			s = skipPast(s, "-->")
		case hasTagPrefix(s, "<script"):
			s = skipPast(s, "</script>")
		case hasTagPrefix(s, "<style"):
			s = skipPast(s, "</style>")
		default:
			if isBlockTag(s) {
				b.WriteByte(' ')
			}
			s = skipPast(s, ">")
		}
	}
	text := strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
	if len(text) > maxPlain {
		text = strings.ToValidUTF8(text[:maxPlain], "") + "…"
	}
	return text
}

func skipPast(s, end string) string {
	if i := indexFold(s, end); i >= 0 {
		return s[i+len(end):]
	}
	return ""
}

// indexFold is strings.Index ignoring ASCII case, for an ASCII lower-case
// needle. (Lower-casing s instead could change its byte offsets.)
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return i
		}
	}
	return -1
}

func hasTagPrefix(s, tag string) bool {
	return len(s) >= len(tag) && strings.EqualFold(s[:len(tag)], tag)
}

// isBlockTag reports whether the tag at the start of s separates words.
func isBlockTag(s string) bool {
	for _, t := range []string{"<br", "<p", "</p", "<div", "</div", "<li", "<tr", "</tr", "<td", "<th", "<h", "</h"} {
		if hasTagPrefix(s, t) {
			return true
		}
	}
	return false
}
