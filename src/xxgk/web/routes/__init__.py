"""Routes by audience: public (no login), auth, desk (agency staff), console (supervisors), admin."""
