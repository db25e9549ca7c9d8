package display

// MIME types a Bundle commonly carries.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMESVG      = "image/svg+xml"
	MIMEJSON     = "application/json"
)

// Bundle is one output: the same content in one or more MIME types, as
// Jupyter's display_data and execute_result carry it.
//
// Data maps a MIME type to its content: a string for text types, base64
// text for images, and any JSON value for application/json. Metadata maps a
// MIME type (or a top-level key) to its metadata, such as image sizes. Every
// bundle a cell shows carries MIMEText as the fallback for plain frontends.
type Bundle struct {
	Data     map[string]any
	Metadata map[string]any
}
