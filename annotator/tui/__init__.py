"""The terminal user interface (Textual). Pure parts (layout, editing, session) import no Textual."""
