//! The settings filter: which sections and entries show for what the user
//! typed. A section whose name matches shows whole; else only its matching
//! entries; a secret's value is searched only once revealed.

use netvu::settings::{Entry, Section, Settings};

/// The filter as typed, and whether secrets are revealed.
pub struct SettingsFilter {
    needle: String,
    reveal: bool,
}

impl SettingsFilter {
    pub fn new(typed: &str, reveal: bool) -> SettingsFilter {
        SettingsFilter {
            needle: typed.trim().to_lowercase(),
            reveal,
        }
    }

    /// Whether `text` matches (everything does when nothing is typed).
    pub fn matches(&self, text: &str) -> bool {
        self.needle.is_empty() || text.to_lowercase().contains(&self.needle)
    }

    /// The sections to show, each with the entries to show of it.
    pub fn apply<'a>(&self, settings: &'a Settings) -> Vec<(&'a Section, Vec<&'a Entry>)> {
        settings
            .sections()
            .iter()
            .filter_map(|section| {
                let whole = self.matches(section_title(section));
                let entries: Vec<&Entry> = section
                    .entries
                    .iter()
                    .filter(|e| {
                        whole
                            || self.matches(&e.key)
                            || ((!e.secret || self.reveal) && self.matches(&e.value))
                    })
                    .collect();
                (whole || !entries.is_empty()).then_some((section, entries))
            })
            .collect()
    }
}

/// A section's title as shown.
pub fn section_title(section: &Section) -> &str {
    if section.name.is_empty() {
        "(no section)"
    } else {
        &section.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(settings: &Settings, typed: &str, reveal: bool) -> Vec<(String, Vec<String>)> {
        SettingsFilter::new(typed, reveal)
            .apply(settings)
            .into_iter()
            .map(|(s, entries)| {
                (
                    section_title(s).to_string(),
                    entries.iter().map(|e| e.key.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_matching_section_shows_whole_else_its_matching_entries() {
        let settings = Settings::parse(
            b"loose = 1\r\n[Camera 1]\r\ntitle = Gate\r\nrate = 5\r\n[Security]\r\nuser_password = gatekeeper\r\n",
        );
        assert_eq!(shown(&settings, "", false).len(), 3, "nothing typed: all");
        assert_eq!(
            shown(&settings, " CAMERA ", false),
            vec![(
                "Camera 1".to_string(),
                vec!["title".to_string(), "rate".to_string()]
            )]
        );
        assert_eq!(
            shown(&settings, "gate", false),
            vec![("Camera 1".to_string(), vec!["title".to_string()])],
            "a secret's value is not searched while masked"
        );
        assert_eq!(shown(&settings, "gate", true).len(), 2);
        assert_eq!(
            shown(&settings, "loose", false),
            vec![("(no section)".to_string(), vec!["loose".to_string()])]
        );
        assert!(shown(&settings, "nothing like it", true).is_empty());
    }
}
