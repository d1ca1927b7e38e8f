package gittest

import "fmt"

// ProgramConfig is a program's config.toml for tests that commit a program:
// the organization Northwind, audited for SOC 2 Type 2 over 2026's first half.
const ProgramConfig = `[organization]
name = "Northwind"
security_contact = "security@northwind.example"

[audit]
frameworks = ["soc2"]
report_type = 2
period_start = 2026-01-01
period_end = 2026-06-30
`

// PolicyDoc is a policy document with the given id, status, visibility and
// body, owned by the CISO, approved by the CEO and effective 2025-12-01.
func PolicyDoc(id, status, visibility, body string) string {
	return fmt.Sprintf(`+++
id = %q
title = "Policy %s"
owner = "CISO"
approvers = ["CEO"]
status = %q
effective = 2025-12-01
visibility = %q
+++

%s
`, id, id, status, visibility, body)
}
