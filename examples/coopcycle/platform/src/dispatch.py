# SPDX-License-Identifier: LicenseRef-Proprietary-Acme
"""Acme Logistique's dispatch service, built on the vendored coopcycle-web."""
