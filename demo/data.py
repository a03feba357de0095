"""The demo: modelled on Bimtek Tahap I, Gerakan Menuju 100 Smart City, run by
Diskominfo Kota Tanjungpinang. People and e-mail addresses are invented; every
address is under example.org so no real mailbox is ever written to."""

EVENT = {
    "code": "bimtek-smart-city-1",
    "title": "Bimtek Tahap I Gerakan Menuju 100 Smart City",
    "organiser_unit": "Dinas Komunikasi dan Informatika Kota Tanjungpinang",
    "description": (
        "Bimbingan teknis bagi perangkat daerah, FKPD, DPRD, perbankan, BUMN/BUMD dan "
        "perguruan tinggi untuk menyusun Masterplan Smart City Kota Tanjungpinang sebagai "
        "bagian dari Gerakan Menuju 100 Smart City."
    ),
    "venue": "Aula Lantai 3, Kantor Wali Kota Tanjungpinang",
    "address": "Kompleks Perkantoran Pemerintah Kota Tanjungpinang, Senggarang, "
    "Kota Tanjungpinang, Kepulauan Riau",
    "city": "Tanjungpinang",
    "timezone": "Asia/Jakarta",
    "capacity": 100,
}

# The certificate template (certificates.CertificateSettings fields).
CERTIFICATE = {
    "number_pattern": "{seq:03}/SERT/BIMTEK-SC/{roman_month}/{year}",
    "signatory_name": "Teguh Ahmad Syafari",
    "signatory_title_back": "S.Kom., M.Si.",
    "signatory_print_titles": False,
    "signatory_position": "Kepala Dinas Komunikasi dan Informatika Kota Tanjungpinang",
    "signatory_pangkat": "Pembina Utama Muda, IV/c",
    "signatory_nip": "197204041998031006",
}

# (day index, start, end, title, speakers, room, counts for the certificate)
SESSIONS = [
    (0, "08:00", "09:00", "Registrasi ulang dan pembukaan oleh Wali Kota Tanjungpinang",
     "", "Aula Lantai 3", False),
    (0, "09:00", "10:30", "Kebijakan Gerakan Menuju 100 Smart City",
     "Dr. Ir. Hendra Wijaya, M.Sc. (Kementerian Komunikasi dan Digital)", "Aula Lantai 3", True),
    (0, "10:30", "12:00", "Analisis strategis dan penyusunan Masterplan Smart City",
     "Prof. Dr. Sri Wahyuni, M.T. (Tim Ahli Smart City)", "Aula Lantai 3", True),
    (0, "13:00", "14:30", "Smart Governance: SPBE dan layanan publik digital",
     "Ahmad Rizal, S.Kom., M.Kom. (Tim Ahli Smart City)", "Aula Lantai 3", True),
    (0, "14:30", "16:00", "Smart Branding dan Smart Economy untuk kota pesisir",
     "Dr. Lestari Handayani, S.E., M.M. (Tim Ahli Smart City)", "Aula Lantai 3", True),
    (1, "08:00", "09:30", "Smart Living dan Smart Society",
     "Dr. Ir. Hendra Wijaya, M.Sc. (Kementerian Komunikasi dan Digital)", "Aula Lantai 3", True),
    (1, "09:30", "11:00", "Smart Environment: pengelolaan pesisir dan sampah",
     "Prof. Dr. Sri Wahyuni, M.T. (Tim Ahli Smart City)", "Aula Lantai 3", True),
    (1, "11:00", "12:30", "Quick win, rencana aksi dan penutupan",
     "Ahmad Rizal, S.Kom., M.Kom. (Tim Ahli Smart City)", "Aula Lantai 3", True),
]  # fmt: skip

# (category code, name, short name)
INSTITUTIONS = [
    ("fkpd", "Kepolisian Resor Tanjungpinang", "Polres Tanjungpinang"),
    ("fkpd", "Komando Distrik Militer 0315/Bintan", "Kodim 0315/Bintan"),
    ("fkpd", "Kejaksaan Negeri Tanjungpinang", "Kejari Tanjungpinang"),
    ("opd", "Dinas Komunikasi dan Informatika Kota Tanjungpinang", "Diskominfo"),
    ("opd", "Badan Perencanaan Pembangunan Daerah Kota Tanjungpinang", "Bappeda"),
    ("opd", "Dinas Kependudukan dan Pencatatan Sipil Kota Tanjungpinang", "Disdukcapil"),
    ("opd", "Dinas Pendidikan Kota Tanjungpinang", "Disdik"),
    ("opd", "Dinas Kesehatan Kota Tanjungpinang", "Dinkes"),
    ("opd", "Dinas Perhubungan Kota Tanjungpinang", "Dishub"),
    ("opd", "Dinas Pariwisata Kota Tanjungpinang", "Dispar"),
    ("dprd", "Sekretariat DPRD Kota Tanjungpinang", "Setwan"),
    ("kecamatan-kelurahan", "Kecamatan Tanjungpinang Kota", ""),
    ("kecamatan-kelurahan", "Kecamatan Bukit Bestari", ""),
    ("kecamatan-kelurahan", "Kelurahan Senggarang", ""),
    ("perbankan", "Bank Riau Kepri Syariah Cabang Tanjungpinang", "BRK Syariah"),
    ("perbankan", "Bank Indonesia Perwakilan Provinsi Kepulauan Riau", "BI Kepri"),
    ("perbankan", "Bank Rakyat Indonesia Cabang Tanjungpinang", "BRI"),
    ("bumn-bumd", "PT Pelabuhan Indonesia (Persero) Cabang Tanjungpinang", "Pelindo"),
    ("bumn-bumd", "PT Angkasa Pura Indonesia, Bandara Raja Haji Fisabilillah", "Angkasa Pura"),
    ("bumn-bumd", "PT PLN (Persero) UP3 Tanjungpinang", "PLN"),
    ("bumn-bumd", "Perumda Air Minum Tirta Kepri", "Tirta Kepri"),
    ("perguruan-tinggi", "Universitas Maritim Raja Ali Haji", "UMRAH"),
    ("perguruan-tinggi", "Sekolah Tinggi Ilmu Sosial dan Ilmu Politik Raja Haji", "Stisipol"),
    ("swasta", "Kamar Dagang dan Industri Kota Tanjungpinang", "Kadin"),
    ("komunitas", "Relawan TIK Kota Tanjungpinang", "Relawan TIK"),
    ("lainnya", "Lembaga Penyiaran Publik RRI Tanjungpinang", "RRI"),
]

GIVEN_NAMES = {
    "1": [
        "Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irwan", "Joko", "Muhammad",
        "Raja Ahmad", "Rizky", "Syahrul", "Teguh", "Wahyu", "Yusuf", "Zulkifli", "Arif",
        "Bambang", "Hafiz", "Tengku Said",
    ],
    "2": [
        "Siti", "Dewi", "Fitri", "Indah", "Kartika", "Lestari", "Maya", "Nurul", "Putri",
        "Raja Nurhayati", "Rina", "Sri", "Wulan", "Yuliana", "Aisyah", "Diana", "Erna",
        "Hasanah", "Tengku Mariam", "Zahra",
    ],
}  # fmt: skip
FAMILY_NAMES = [
    "Santoso", "Hidayat", "Saputra", "Wijaya", "Pratama", "Siregar", "Nasution", "Harahap",
    "Lubis", "Simanjuntak", "Rahman", "Syahputra", "Kurniawan", "Setiawan", "Hasibuan",
    "Ramadhan", "Permana", "Halim", "Suryani", "Anggraini",
]  # fmt: skip
TITLES_BACK = [
    "S.Kom.", "S.T.", "S.E.", "S.H.", "S.Sos.", "S.I.Kom.", "S.Kom., M.Kom.", "S.E., M.M.",
    "S.Sos., M.Si.", "S.T., M.T.", "A.Md.", "S.Pd., M.Pd.",
]  # fmt: skip
TITLES_FRONT = ["", "", "", "", "", "", "Drs.", "Ir.", "dr.", "Dr."]
# Positions that fit each kind of institution: no "Camat" at the Dinas
# Perhubungan, no "Dosen" at the bank.
JABATAN = {
    "fkpd": ["Kepala Seksi Teknologi Informasi", "Kepala Sub Seksi Pengelolaan Data",
             "Pranata Komputer", "Kepala Urusan Humas"],
    "opd": ["Kepala Bidang", "Kepala Seksi", "Kepala Sub Bagian Program",
            "Pranata Komputer Ahli Muda", "Analis Kebijakan Ahli Muda",
            "Perencana Ahli Pertama", "Pranata Hubungan Masyarakat Ahli Pertama", "Sekretaris"],
    "dprd": ["Kepala Bagian Persidangan dan Perundang-undangan", "Analis Legislatif",
             "Kepala Sub Bagian Humas dan Protokol"],
    "kecamatan": ["Camat", "Sekretaris Camat", "Kepala Seksi Pemerintahan"],
    "kelurahan": ["Lurah", "Sekretaris Lurah", "Kepala Seksi Pelayanan Umum"],
    "perbankan": ["Manajer Teknologi Informasi", "Kepala Unit Layanan",
                  "Analis Sistem Informasi"],
    "bumn-bumd": ["Manajer Teknologi Informasi", "Asisten Manajer Sistem Informasi",
                  "Staf Humas"],
    "perguruan-tinggi": ["Dosen", "Kepala UPT Teknologi Informasi dan Komunikasi"],
    "swasta": ["Wakil Ketua Bidang Ekonomi Digital", "Koordinator Program"],
    "komunitas": ["Koordinator", "Relawan"],
    "lainnya": ["Kepala Seksi Teknologi dan Media Baru", "Penyiar"],
}  # fmt: skip
ASN_CATEGORIES = {"opd", "dprd", "kecamatan-kelurahan"}

PARTICIPANT_COUNT = 60

# The demo organiser's team (that of the data migration) runs the demo
# events; the other team has no access to them.
TEAM = "Diskominfo"
OTHER_TEAM = "Bappeda"

# The logins printed by seed_demo: (email, password, display name, role)
LOGINS = [
    ("admin@example.org", "demo-admin", "Admin", "superuser"),
    ("panitia@example.org", "demo-panitia", "Panitia Diskominfo", "organiser"),
    ("petugas@example.org", "demo-petugas", "Petugas 1", "door_supervisor"),
    ("petugas2@example.org", "demo-petugas", "Petugas 2", "door_steward"),
    ("peserta@example.org", "demo-peserta", "", "participant"),
]

# A Bimtek held two days ago, with its attendance and certificates, so every
# organiser tab shows something on the first run.
FINISHED_EVENT = {
    "code": "bimtek-keamanan-informasi",
    "title": "Bimtek Keamanan Informasi dan Pelindungan Data Pribadi",
    "organiser_unit": "Dinas Komunikasi dan Informatika Kota Tanjungpinang",
    "description": (
        "Bimbingan teknis bagi pengelola sistem elektronik perangkat daerah: keamanan "
        "informasi SPBE, Undang-Undang Pelindungan Data Pribadi, dan penanganan insiden."
    ),
    "venue": "Ruang Rapat Diskominfo, Gedung B Lantai 2",
    "address": "Kompleks Perkantoran Pemerintah Kota Tanjungpinang, Senggarang, "
    "Kota Tanjungpinang, Kepulauan Riau",
    "city": "Tanjungpinang",
    "timezone": "Asia/Jakarta",
    "capacity": 40,
}
# (start, end, title, speakers, counts for the certificate); one day
FINISHED_SESSIONS = [
    ("08:00", "08:45", "Registrasi ulang dan pembukaan", "", False),
    ("08:45", "10:15", "Keamanan informasi dalam SPBE",
     "Ir. Bayu Prasetyo, M.T. (Badan Siber dan Sandi Negara)", True),
    ("10:30", "12:00", "Undang-Undang Pelindungan Data Pribadi bagi perangkat daerah",
     "Dr. Ratna Sari Dewi, S.H., M.H. (Universitas Maritim Raja Ali Haji)", True),
    ("13:00", "14:30", "Praktik: menangani dan melaporkan insiden siber",
     "Ahmad Rizal, S.Kom., M.Kom. (Diskominfo)", True),
]  # fmt: skip
FINISHED_NUMBER_PATTERN = "{seq:03}/SERT/BIMTEK-KI/{roman_month}/{year}"
FINISHED_PEOPLE = 30  # the first demo people, the demo participant among them
