
-- Rows of {{orders}} whose status is not a status code of the spec. The rules refuse to
-- move them until a repair gives them a known status. Find them with:
--
--     {{unknown_query}};
{{validate_hint}}